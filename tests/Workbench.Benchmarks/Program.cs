namespace Workbench.Benchmarks;

/// <summary>
/// Entry point: `dotnet run --project tests/Workbench.Benchmarks -c Release -- SUBCOMMAND [options]`.
/// Each benchmark is a subcommand; add one by implementing <see cref="IBenchmark"/> and listing it here.
/// </summary>
public static class Program
{
    static readonly IBenchmark[] Benchmarks = [new GemmBenchmark(), new RnnBenchmark(), new EngineBenchmark(), new Seq2SeqDecodingBenchmark()];

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: Workbench.Benchmarks <subcommand> [options]\n\nsubcommands:");
            foreach (var b in Benchmarks) Console.WriteLine($"  {b.Name,-8} {b.Description}");
            return args.Length == 0 ? 1 : 0;
        }
        var bench = Benchmarks.FirstOrDefault(b => b.Name == args[0]);
        if (bench == null)
        {
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: {string.Join(", ", Benchmarks.Select(b => b.Name))}");
            return 2;
        }
        try { return bench.Run(args[1..]); }
        catch (BenchmarkException e) { Console.Error.WriteLine($"{bench.Name}: {e.Message}"); return 3; }
    }
}

/// <summary>One subcommand of the benchmarks program.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Description { get; }
    /// <summary>Runs with the arguments after the subcommand name; returns the process exit code.</summary>
    int Run(string[] args);
}

/// <summary>A failure to report as one line, without a stack trace (bad option, missing baseline tool).</summary>
public sealed class BenchmarkException(string message) : Exception(message);

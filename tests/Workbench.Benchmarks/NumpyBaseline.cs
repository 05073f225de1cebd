using System.Diagnostics;
using System.Globalization;

namespace Workbench.Benchmarks;

/// <summary>
/// Talks to bench/gemm_numpy.py over stdin/stdout so OpenBLAS (through numpy) can be timed in the
/// same run as our kernel, round by round.
/// </summary>
public sealed class NumpyBaseline : IDisposable
{
    readonly Process _proc;

    public string Banner { get; }

    public NumpyBaseline(string script, string python, int threads)
    {
        if (!File.Exists(script)) throw new BenchmarkException($"baseline script not found: {script}");
        var psi = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        try { _proc = Process.Start(psi) ?? throw new BenchmarkException($"could not start {python}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchmarkException($"could not start '{python}' ({e.Message}); set WORKBENCH_PYTHON to a python with numpy");
        }
        Banner = ReadLine();
        if (!Banner.StartsWith("ready", StringComparison.Ordinal))
            throw new BenchmarkException($"{python} {script} did not start: {Banner}");
    }

    /// <summary>trans: NN, TN, NT or TT; a T means that operand is stored transposed (numpy gets a .T view).</summary>
    public void SetShape(int m, int k, int n, string trans)
    {
        string reply = Ask($"shape {m} {k} {n} {trans}");
        if (reply != "ok") throw new BenchmarkException($"numpy baseline refused shape {m}x{k}x{n}: {reply}");
    }

    public List<double> Time(int samples, int calls) =>
        Ask($"time {samples} {calls}").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();

    string Ask(string command)
    {
        _proc.StandardInput.WriteLine(command);
        _proc.StandardInput.Flush();
        return ReadLine();
    }

    string ReadLine() =>
        _proc.StandardOutput.ReadLine() ?? throw new BenchmarkException($"numpy baseline exited (code {(_proc.HasExited ? _proc.ExitCode : -1)})");

    public void Dispose()
    {
        try
        {
            if (!_proc.HasExited) { _proc.StandardInput.WriteLine("quit"); _proc.StandardInput.Flush(); }
            if (!_proc.WaitForExit(5000)) _proc.Kill();
        }
        catch (InvalidOperationException) { }
        _proc.Dispose();
    }
}

namespace Workbench.Data;

/// <summary>Reads the committed dataset files with checks that name the file and line of any problem.</summary>
internal static class DatasetFiles
{
    public const string Regenerate = "Regenerate it with: bash datasets/scripts/fetch.sh";

    public static string Path(string root, string relative)
    {
        var path = System.IO.Path.Combine(root, relative);
        if (!File.Exists(path)) throw new FileNotFoundException($"Dataset file missing: {path}. {Regenerate}", path);
        return path;
    }

    public static string ReadText(string root, string relative)
    {
        var text = File.ReadAllText(Path(root, relative));
        if (text.Length == 0) throw new InvalidDataException($"Dataset file is empty: {System.IO.Path.Combine(root, relative)}. {Regenerate}");
        return text;
    }

    /// <summary>Non-empty lines, each split on tabs into exactly <paramref name="columns"/> non-empty fields.</summary>
    public static List<string[]> ReadTsv(string root, string relative, int columns)
    {
        var path = Path(root, relative);
        var rows = new List<string[]>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0) continue;
            var fields = line.Split('\t');
            if (fields.Length != columns || fields.Any(f => f.Length == 0))
                throw new InvalidDataException($"{path}:{lineNo}: expected {columns} non-empty tab-separated fields, found {fields.Length}: \"{Shorten(line)}\". {Regenerate}");
            rows.Add(fields);
        }
        if (rows.Count == 0) throw new InvalidDataException($"Dataset file has no rows: {path}. {Regenerate}");
        return rows;
    }

    public static List<string> ReadLines(string root, string relative)
    {
        var path = Path(root, relative);
        var lines = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) throw new InvalidDataException($"Dataset file has no lines: {path}. {Regenerate}");
        return lines;
    }

    public static int ParseInt(string field, string relative, int row, int min, int max)
    {
        if (int.TryParse(field, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v >= min && v <= max) return v;
        throw new InvalidDataException($"{relative} row {row}: expected an integer in [{min}, {max}], found \"{Shorten(field)}\". {Regenerate}");
    }

    static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}

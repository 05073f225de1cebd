namespace Workbench.Data;

/// <summary>How <see cref="Datasets.FromPairs"/> splits a line into columns.</summary>
public enum PairsFormat
{
    /// <summary>By the file's extension: .csv is CSV, anything else (.tsv, .tab, .txt) tab-separated.</summary>
    Auto,
    /// <summary>Tab-separated, no quoting (a field cannot hold a tab or a line break).</summary>
    Tsv,
    /// <summary>Comma-separated with RFC 4180 quoting: a field in double quotes may hold commas, line breaks and
    /// doubled quotes ("").</summary>
    Csv,
}

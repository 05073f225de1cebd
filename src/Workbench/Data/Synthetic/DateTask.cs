using Workbench.Tensors;

namespace Workbench.Data.Synthetic;

/// <summary>
/// Human-readable dates to ISO 8601 dates ("Tuesday, 3 May 1988" → "1988-05-03"), the classic attention
/// exercise: the model must find day, month and year wherever the format put them. Month and weekday names are
/// hard-coded English (never read from the machine's culture), dates are uniform over 1950-01-01 .. 2049-12-31,
/// and every random choice comes from the Generator.
/// </summary>
public static class DateTask
{
    static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"];
    static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    static readonly DateOnly First = new(1950, 1, 1), Last = new(2049, 12, 31);

    /// <summary>The formats, as functions of (date, month name, weekday name). All are unambiguous.</summary>
    static readonly Func<DateOnly, string, string, string>[] Formats =
    [
        (d, m, w) => $"{d.Day} {m} {d.Year}",
        (d, m, w) => $"{m} {d.Day}, {d.Year}",
        (d, m, w) => $"{w}, {d.Day} {m} {d.Year}",
        (d, m, w) => $"{w}, {m} {d.Day}, {d.Year}",
        (d, m, w) => $"{Ordinal(d.Day)} of {m} {d.Year}",
        (d, m, w) => $"{d.Day} {m[..3]} {d.Year}",
        (d, m, w) => $"{m[..3]} {d.Day} {d.Year}",
        (d, m, w) => $"{d.Day} {m.ToLowerInvariant()} {d.Year}",
        (d, m, w) => $"{d.Day:00}.{d.Month:00}.{d.Year}",
        (d, m, w) => $"{d.Year} {m} {d.Day}",
    ];

    /// <summary>Number of distinct input formats.</summary>
    public static int FormatCount => Formats.Length;

    /// <summary>The ISO form, yyyy-MM-dd, built by hand (culture-free).</summary>
    public static string Iso(DateOnly d) => $"{d.Year:0000}-{d.Month:00}-{d.Day:00}";

    /// <summary>A date in one of the formats (index in [0, <see cref="FormatCount"/>)).</summary>
    public static string Human(DateOnly d, int format) =>
        Formats[(uint)format < (uint)Formats.Length ? format : throw new ArgumentOutOfRangeException(nameof(format), format, $"Format must be in [0, {Formats.Length}).")]
            (d, Months[d.Month - 1], Weekdays[(int)d.DayOfWeek]);

    /// <summary><paramref name="count"/> (human, ISO) pairs drawn from <paramref name="generator"/>.</summary>
    public static List<(string Source, string Target)> Generate(int count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        int span = Last.DayNumber - First.DayNumber + 1;
        var pairs = new List<(string, string)>(count);
        for (int i = 0; i < count; i++)
        {
            var d = DateOnly.FromDayNumber(First.DayNumber + generator.NextInt(span));
            pairs.Add((Human(d, generator.NextInt(Formats.Length)), Iso(d)));
        }
        return pairs;
    }

    static string Ordinal(int day) => day + (day % 10 == 1 && day != 11 ? "st" : day % 10 == 2 && day != 12 ? "nd" : day % 10 == 3 && day != 13 ? "rd" : "th");
}

using Workbench.Tensors;

namespace Workbench.Data.Synthetic;

/// <summary>
/// English number words to German number words for 0 .. 999,999 ("twenty-one" → "einundzwanzig"). German says
/// the units before the tens and writes the whole number as one word, so the target reorders the source: a
/// real, small translation task. Rules (standard written German): 1 is "eins" at the end of a number and "ein"
/// inside one ("einundzwanzig", "einhundert", "eintausend", but "hunderteins" is written "einhunderteins");
/// 16 and 17 drop letters ("sechzehn", "siebzehn", "sechzig", "siebzig"); 30 is "dreißig"; hundreds and
/// thousands always carry their count ("einhundert", "eintausend"). English uses British "and" before a last
/// part below 100 ("one hundred and five", "two thousand and one") and hyphens 21-99 ("forty-two").
/// </summary>
public static class NumberWordsTask
{
    public const int Max = 999_999;

    static readonly string[] EnSmall = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    static readonly string[] EnTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    static readonly string[] DeSmall = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
        "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"];
    static readonly string[] DeTens = ["", "", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"];

    public static string English(int n)
    {
        Check(n);
        if (n == 0) return "zero";
        int thousands = n / 1000, rest = n % 1000;
        var parts = new List<string>();
        if (thousands > 0) parts.Add(EnBelow1000(thousands) + " thousand");
        if (rest > 0) parts.Add(thousands > 0 && rest < 100 ? "and " + EnBelow100(rest) : EnBelow1000(rest));
        return string.Join(" ", parts);
    }

    static string EnBelow1000(int n)
    {
        int h = n / 100, r = n % 100;
        if (h == 0) return EnBelow100(r);
        return EnSmall[h] + " hundred" + (r > 0 ? " and " + EnBelow100(r) : "");
    }

    static string EnBelow100(int n) => n < 20 ? EnSmall[n] : EnTens[n / 10] + (n % 10 > 0 ? "-" + EnSmall[n % 10] : "");

    public static string German(int n)
    {
        Check(n);
        if (n == 0) return "null";
        int thousands = n / 1000, rest = n % 1000;
        return (thousands > 0 ? DeBelow1000(thousands, final: false) + "tausend" : "") + (rest > 0 ? DeBelow1000(rest, final: true) : "");
    }

    static string DeBelow1000(int n, bool final)
    {
        int h = n / 100, r = n % 100;
        return (h > 0 ? DeStem(h) + "hundert" : "") + (r > 0 ? DeBelow100(r, final) : "");
    }

    static string DeBelow100(int n, bool final)
    {
        if (n == 1) return final ? "eins" : "ein";
        if (n < 20) return DeSmall[n];
        int u = n % 10;
        return u == 0 ? DeTens[n / 10] : DeStem(u) + "und" + DeTens[n / 10];
    }

    static string DeStem(int unit) => unit == 1 ? "ein" : DeSmall[unit];

    static void Check(int n)
    {
        if (n < 0 || n > Max) throw new ArgumentOutOfRangeException(nameof(n), n, $"Number words are defined for 0 .. {Max}.");
    }

    /// <summary>
    /// <paramref name="count"/> (English, German) pairs. The number of digits is drawn uniformly from 1 .. digits
    /// of <paramref name="max"/>, then the number uniformly within that many digits, so small numbers are not
    /// drowned out by large ones.
    /// </summary>
    public static List<(string Source, string Target)> Generate(int count, Generator generator, int max = Max)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0.");
        Check(max);
        int maxDigits = max.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var pairs = new List<(string, string)>(count);
        for (int i = 0; i < count; i++)
        {
            int digits = 1 + generator.NextInt(maxDigits);
            int lo = digits == 1 ? 0 : (int)Math.Pow(10, digits - 1), hi = Math.Min(max, (int)Math.Pow(10, digits) - 1);
            int n = lo + generator.NextInt(hi - lo + 1);
            pairs.Add((English(n), German(n)));
        }
        return pairs;
    }
}

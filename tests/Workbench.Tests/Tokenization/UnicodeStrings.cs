using FsCheck;
using FsCheck.Fluent;

namespace Workbench.Tests.Tokenization;

/// <summary>Arbitrary strings that stress tokenizers: any UTF-16 unit (lone surrogates included), astral code
/// points (surrogate pairs), combining marks, whitespace runs, punctuation and tricky-case words.</summary>
public static class UnicodeStrings
{
    static readonly Gen<string> Piece = Gen.Frequency(
        (3, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())),
        (2, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)),
        (4, Gen.Choose(32, 126).Select(c => ((char)c).ToString())),
        (2, Gen.Elements(" ", "  ", "\n", "\t", "\r\n", "\u00a0")),
        (1, Gen.Elements("\u0301", "e\u0301", "\U0001F600", "\u200d")),
        (2, Gen.Elements("Hello", "WORLD", "don't", "McDonald", "whale’s", "İstanbul", "straße", "ǅemal", "(x)", "—", "“q”", "a-b", "ΣΊΣΥΦΟΣ")));

    public static Gen<string> Strings => Gen.ListOf(Piece).Select(string.Concat);

    public static Arbitrary<string> Arbitrary => Gen.ListOf(Piece).Select(string.Concat).ToArbitrary();

    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(400);

    /// <summary>Checks a property over arbitrary strings; throws with the counterexample on failure.</summary>
    public static void Check(Func<string, bool> property) =>
        FsCheck.Check.One(Config, Prop.ForAll(Arbitrary, property));
}

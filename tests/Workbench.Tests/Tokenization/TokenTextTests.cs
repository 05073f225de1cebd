using Workbench.Tokenization;

namespace Workbench.Tests.Tokenization;

public class TokenTextTests
{
    [Theory]
    [InlineData(" the", "␣the")]
    [InlineData("the", "the")]
    [InlineData(" ", "␣")]
    [InlineData("\n", "↵")]
    [InlineData("a\r\nb", "a↵b")]
    [InlineData("\t,", "→,")]
    [InlineData("", "∅")]
    [InlineData("señor", "señor")]
    public void Whitespace_is_made_visible(string token, string shown) => Assert.Equal(shown, TokenText.Visible(token));

    [Fact]
    public void Null_is_refused() => Assert.Throws<ArgumentNullException>(() => TokenText.Visible(null!));
}

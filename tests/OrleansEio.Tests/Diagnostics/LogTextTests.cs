using OrleansEio.Diagnostics;

namespace OrleansEio.Tests.Diagnostics;

public sealed class LogTextTests
{
    [Fact]
    public void Plain_text_is_returned_as_is()
        => Assert.Equal("/chat", LogText.Escape("/chat"));

    [Theory]
    [InlineData("a\nb", "a\\u000ab")]
    [InlineData("a\r\n2026-01-01 fake entry", "a\\u000d\\u000a2026-01-01 fake entry")]
    [InlineData("\u001b[31mred", "\\u001b[31mred")]
    [InlineData("line\u2028separator", "line\\u2028separator")]
    [InlineData("abc\u202etxt.exe", "abc\\u202etxt.exe")]
    public void Control_separator_and_bidi_characters_are_escaped(string raw, string logged)
        => Assert.Equal(logged, LogText.Escape(raw));

    [Fact]
    public void Long_values_are_cut_and_say_how_long_they_were()
    {
        var logged = LogText.Escape(new string('x', 1000), 10);

        Assert.Equal("xxxxxxxxxx…(1000 chars)", logged);
    }

    [Fact]
    public void Null_is_written_as_null()
        => Assert.Equal("(null)", LogText.Escape(null));
}

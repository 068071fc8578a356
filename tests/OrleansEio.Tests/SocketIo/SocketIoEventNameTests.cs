using System.Text.Json;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

public sealed class SocketIoEventNameTests
{
    [Theory]
    [InlineData("\"say\"", "say")]
    [InlineData("1", "1")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("1.0", "1")]
    [InlineData("-0", "0")]
    [InlineData("0.1", "0.1")]
    [InlineData("123.456", "123.456")]
    [InlineData("12345678.9", "12345678.9")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1.2345e25", "1.2345e+25")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1e400", "Infinity")]
    [InlineData("-1e400", "-Infinity")]
    public void A_name_is_its_string_or_the_text_javascript_gives_its_number(string json, string expected)
    {
        Assert.Equal(expected, SocketIoEventName.Of(JsonDocument.Parse(json).RootElement));
    }
}

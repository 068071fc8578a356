using System.Text.Json;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Interop;

/// <summary>The official engine.io-client (npm, pinned in tests/interop) against the embedded default on a real listener.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public class EngineIoClientInteropTests(EmbeddedGateway gateway)
{
    [Theory]
    [InlineData("polling", "polling", "polling")]
    [InlineData("websocket", "websocket", "websocket")]
    [InlineData("upgrade", "polling", "websocket")]
    public async Task The_official_client_exchanges_text_binary_a_100_KB_message_and_ordered_messages(string mode, string initial, string final)
    {
        var result = await ClientScript.NodeAsync("engineio-client.mjs", gateway.Address.ToString(), mode);

        Assert.Equal(initial, result.GetProperty("initialTransport").GetString());
        Assert.Equal(final, result.GetProperty("finalTransport").GetString());
        Assert.Equal("hello", result.GetProperty("text").GetString());
        Assert.Equal([1, 2, 3, 4, 255], result.GetProperty("binary").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(result.GetProperty("bigEchoed").GetBoolean());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "n" + i), result.GetProperty("ordered").EnumerateArray().Select(e => e.GetString()));
    }
}

using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Interop;

/// <summary>The demo page in headless Chromium (Debian's, driven by playwright-core): two pages chat in a room.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public class DemoPageTests(EmbeddedGateway gateway)
{
    [Fact]
    public async Task Two_browser_pages_chat_in_a_room_through_the_demo_page()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: run `bash tests/run.sh` (or `apt-get install chromium`).");

        var result = await ClientScript.NodeAsync("demo-chat.mjs", TimeSpan.FromSeconds(90), gateway.Address.ToString());

        var ada = result.GetProperty("ada").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var bob = result.GetProperty("bob").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["you joined #lobby as ada", "bob joined", "ada: hello bob", "bob: hi ada"], ada);
        Assert.Equal(["you joined #lobby as bob", "ada: hello bob", "bob: hi ada"], bob);
        Assert.Equal("websocket", result.GetProperty("transport").GetString());
    }
}

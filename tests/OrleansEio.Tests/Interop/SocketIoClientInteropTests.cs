using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.SocketIo;
using SocketIOClient.Transport;

namespace OrleansEio.Tests.Interop;

/// <summary>
/// Three official client families against the interop app on the embedded default, over polling only,
/// WebSocket only, and polling then upgrade: auth on <c>/</c> and <c>/custom</c>, acks both ways, binary
/// both ways, and a room broadcast that reaches exactly its members.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public class SocketIoClientInteropTests(EmbeddedGateway gateway)
{
    private static string Json(JsonElement element) => element.GetRawText();

    [Theory]
    [InlineData("polling", "polling")]
    [InlineData("websocket", "websocket")]
    [InlineData("upgrade", "websocket")]
    public async Task The_npm_socket_io_client_passes_the_interop_scenario(string mode, string transport)
    {
        var r = await ClientScript.NodeAsync("socketio-client.mjs", gateway.Address.ToString(), mode);

        AssertScenario(r, transport, mainAuth: "{\"token\":\"main\"}", customAuth: "{\"token\":\"custom\"}",
            binaryEcho: "[[1,2,3],[4,5]]", news: "[\"hi\",[7]]");
    }

    [Theory]
    [InlineData("polling", "polling")]
    [InlineData("websocket", "websocket")]
    [InlineData("upgrade", "websocket")]
    public async Task The_npm_socket_io_client_with_the_msgpack_parser_passes_the_interop_scenario_on_the_msgpack_path(string mode, string transport)
    {
        var r = await ClientScript.NodeAsync("socketio-client.mjs", gateway.Address.ToString(), mode, "msgpack");

        Assert.Equal("msgpack", r.GetProperty("parser").GetString());
        AssertScenario(r, transport, mainAuth: "{\"token\":\"main\"}", customAuth: "{\"token\":\"custom\"}",
            binaryEcho: "[[1,2,3],[4,5]]", news: "[\"hi\",[7]]");
    }

    [Fact]
    public async Task A_msgpack_client_cannot_talk_to_the_json_path_and_a_json_client_cannot_talk_to_the_msgpack_path()
    {
        // Each path speaks one format: the wrong one is a parse error there, as with a Node server.
        using var msgpackOnJson = await EioHttp.ConnectAsync(gateway.Address, path: "/socket.io/");
        await EioHttp.ReceiveAsync(msgpackOnJson);
        await msgpackOnJson.SendAsync(Convert.FromHexString("82a47479706500a36e7370a12f"), System.Net.WebSockets.WebSocketMessageType.Binary, true, CancellationToken.None).Within();
        using var jsonOnMsgpack = await EioHttp.ConnectAsync(gateway.Address, path: "/socket.io-msgpack/");
        await EioHttp.ReceiveAsync(jsonOnMsgpack);
        await EioHttp.SendTextAsync(jsonOnMsgpack, "40");

        foreach (var socket in new[] { msgpackOnJson, jsonOnMsgpack })
        {
            while (await EioHttp.ReceiveAsync(socket) is not null)
            {
            }

            Assert.Equal("parse error", socket.CloseStatusDescription);
        }
    }

    [Theory]
    [InlineData("polling", "polling")]
    [InlineData("websocket", "websocket")]
    [InlineData("upgrade", "websocket")]
    public async Task Python_socketio_passes_the_interop_scenario(string mode, string transport)
    {
        var r = await ClientScript.PythonAsync("python_client.py", gateway.Address.ToString(), mode);

        // One python client connects both namespaces with one auth; bytes are reported as {"bytes": [...]}.
        AssertScenario(r, transport, mainAuth: "{\"token\":\"py\"}", customAuth: "{\"token\":\"py\"}",
            binaryEcho: "[{\"bytes\":[1,2,3]},{\"nested\":[{\"bytes\":[4,5]}]}]", news: "[\"hi\",{\"bytes\":[7]}]");
    }

    /// <summary>What every scripted client family reports for the same scenario; only the clients' notations differ.</summary>
    private static void AssertScenario(JsonElement r, string transport, string mainAuth, string customAuth, string binaryEcho, string news)
    {
        Assert.Equal(transport, r.GetProperty("transport").GetString());
        Assert.Equal(mainAuth, Json(r.GetProperty("mainAuth")));
        Assert.Equal(customAuth, Json(r.GetProperty("customAuth")));
        Assert.Equal("[1,\"2\",{\"3\":[true]}]", Json(r.GetProperty("acked")));
        Assert.Equal("[\"on custom\"]", Json(r.GetProperty("customAcked")));
        Assert.Equal("[42]", Json(r.GetProperty("serverAsked")));
        Assert.Equal(binaryEcho, Json(r.GetProperty("binaryEcho")));
        Assert.Equal(news, Json(r.GetProperty("mainNews")));
        Assert.Equal(news, Json(r.GetProperty("memberNews")));
        Assert.Equal(0, r.GetProperty("outsiderStrays").GetInt32());
    }

    [Theory]
    [InlineData(TransportProtocol.Polling, false)]
    [InlineData(TransportProtocol.WebSocket, false)]
    [InlineData(TransportProtocol.Polling, true)]
    public async Task The_csharp_SocketIOClient_passes_the_interop_scenario(TransportProtocol transport, bool upgrade)
    {
        const string Path = "/socket.io";
        var mainAuth = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var main = new SocketIOClient.SocketIO(gateway.Address, new SocketIOClient.SocketIOOptions { Path = Path, Auth = new { token = "cs" }, Transport = transport, AutoUpgrade = upgrade, Reconnection = false });
        main.On("auth", r => mainAuth.TrySetResult(r.GetValue(0).GetRawText()));
        main.Answer("double-it", r => r.GetValue<int>(0) * 2);
        await ConnectAsync(main);
        Assert.Equal("{\"token\":\"cs\"}", await mainAuth.Task.Within());

        using var custom = await SioClients.ConnectAsync(gateway.Address, Path, "/custom", new { token = "custom" }, transport, upgrade);
        using var member = await SioClients.ConnectAsync(gateway.Address, Path, transport: transport, upgrade: upgrade);
        using var outsider = await SioClients.ConnectAsync(gateway.Address, Path, transport: transport, upgrade: upgrade);

        var acked = await main.AskAsync("message-with-ack", 1, "2", new Dictionary<string, bool[]> { ["3"] = [true] });
        Assert.Equal("[1,\"2\",{\"3\":[true]}]", "[" + string.Join(",", Enumerable.Range(0, acked.Count).Select(i => acked.GetValue(i).GetRawText())) + "]");
        Assert.Equal("on custom", (await custom.AskAsync("message-with-ack", "on custom")).GetValue<string>(0));
        Assert.Equal(42, (await main.AskAsync("request-ack", "double-it", 21)).GetValue<int>(0));

        var binary = await main.AskAsync("echo", new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.InComingBytes.Single());

        var room = "room-" + Guid.NewGuid().ToString("N");
        await main.AskAsync("join", room);
        await member.AskAsync("join", room);
        await outsider.AskAsync("join", room + "-other");
        var strays = 0;
        outsider.On("news", _ => Interlocked.Increment(ref strays));
        var toMain = main.Next("news");
        var toMember = member.Next("news");
        var flushed = outsider.Next("flush");
        await main.AskAsync("broadcast", room, "news", "hi");
        Assert.Equal("hi", (await toMain.Within()).GetValue<string>(0));
        Assert.Equal("hi", (await toMember.Within()).GetValue<string>(0));
        await main.AskAsync("broadcast", room + "-other", "flush");
        await flushed.Within();
        Assert.Equal(0, strays);
    }

    private static async Task ConnectAsync(SocketIOClient.SocketIO client)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        await client.ConnectAsync().Within();
        await connected.Task.Within();
    }
}

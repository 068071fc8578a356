using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansEio.InteropApp;
using OrleansEio.Protocol.SocketIo;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>The msgpack path of the embedded default at the wire: raw msgpack frames in, msgpack frames out.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class SocketIoMsgPackServerTests(EmbeddedGateway gateway)
{
    private static async Task SendAsync(WebSocket socket, SocketPacketType type, string nsp, long? id, string? json)
    {
        var packet = SocketIoMsgPack.Encode(type, nsp, id, json is null ? null : JsonDocument.Parse(json).RootElement, []);
        await socket.SendAsync(packet, WebSocketMessageType.Binary, true, CancellationToken.None).Within();
    }

    private static async Task<SocketPacket> ReceiveAsync(WebSocket socket)
    {
        var frame = await EioHttp.ReceiveAsync(socket);
        Assert.NotNull(frame);
        Assert.StartsWith("b", frame);
        Assert.Equal(SocketDecodeError.None, SocketIoMsgPack.TryDecode(Convert.FromBase64String(frame[1..]), SocketIoMsgPackLimits.Default, out var packet));
        return packet!;
    }

    private async Task<(ClientWebSocket Socket, string Id)> ConnectAsync()
    {
        var socket = await EioHttp.ConnectAsync(gateway.Address, path: InteropApps.MsgPackPath + "/");
        await EioHttp.ReceiveAsync(socket);
        await SendAsync(socket, SocketPacketType.Connect, "/", null, "{\"token\":\"raw\"}");
        var connected = await ReceiveAsync(socket);
        Assert.Equal(SocketPacketType.Connect, connected.Type);
        var auth = await ReceiveAsync(socket);
        Assert.Equal("[\"auth\",{\"token\":\"raw\"}]", auth.Data!.Value.GetRawText());
        return (socket, connected.Data!.Value.GetProperty("sid").GetString()!);
    }

    [Fact]
    public async Task Every_packet_of_the_msgpack_path_is_one_binary_msgpack_message_binary_arguments_inside_it()
    {
        var (socket, _) = await ConnectAsync();
        using var _socket = socket;

        // {type: 2, data: ["echo", "x", <bin 01 02>], id: 5, nsp: "/"}, as socket.io-msgpack-parser writes it.
        await socket.SendAsync(Convert.FromHexString("84a47479706502a46461746193a46563686fa178c4020102a2696405a36e7370a12f"), WebSocketMessageType.Binary, true, CancellationToken.None).Within();
        var ack = await ReceiveAsync(socket);

        Assert.Equal((SocketPacketType.Ack, (long?)5, "/"), (ack.Type, ack.Id, ack.Namespace));
        Assert.Equal("[\"x\",{\"_placeholder\":true,\"num\":0}]", ack.Data!.Value.GetRawText());
        Assert.Equal([1, 2], ack.Attachments.Single());
    }

    [Fact]
    public async Task An_emit_from_the_paths_keyed_ISocketIoServer_reaches_a_msgpack_client_in_msgpack()
    {
        var (socket, id) = await ConnectAsync();
        using var _socket = socket;
        var io = gateway.Services.GetRequiredKeyedService<ISocketIoServer>(InteropApps.MsgPackPath);

        await io.Of("/").To(id).EmitAsync("news", "hi", new byte[] { 7 }).Within();
        var news = await ReceiveAsync(socket);

        Assert.Equal(SocketPacketType.Event, news.Type);
        Assert.Equal("[\"news\",\"hi\",{\"_placeholder\":true,\"num\":0}]", news.Data!.Value.GetRawText());
        Assert.Equal([7], news.Attachments.Single());
    }

    [Fact]
    public async Task Garbage_on_the_msgpack_path_closes_only_that_session_with_parse_error()
    {
        var (bystander, _) = await ConnectAsync();
        using var _bystander = bystander;
        var (socket, _) = await ConnectAsync();
        using var _socket = socket;

        await socket.SendAsync(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0xff }, WebSocketMessageType.Binary, true, CancellationToken.None).Within();

        while (await EioHttp.ReceiveAsync(socket) is not null)
        {
        }

        Assert.Equal("parse error", socket.CloseStatusDescription);
        await SendAsync(bystander, SocketPacketType.Event, "/", 1, "[\"echo\",\"still fine\"]");
        Assert.Equal("[\"still fine\"]", (await ReceiveAsync(bystander)).Data!.Value.GetRawText());
    }

    [Fact]
    public async Task An_event_with_a_reserved_name_on_the_msgpack_path_closes_only_that_session_with_parse_error()
    {
        var (bystander, _) = await ConnectAsync();
        using var _bystander = bystander;
        var (socket, _) = await ConnectAsync();
        using var _socket = socket;

        // socket.io-msgpack-parser would pass ["disconnect"] on; the server refuses it as the JSON parser does.
        await SendAsync(socket, SocketPacketType.Event, "/", null, "[\"disconnect\",\"x\"]");

        while (await EioHttp.ReceiveAsync(socket) is not null)
        {
        }

        Assert.Equal("parse error", socket.CloseStatusDescription);
        await SendAsync(bystander, SocketPacketType.Event, "/", 1, "[\"echo\",\"still fine\"]");
        Assert.Equal("[\"still fine\"]", (await ReceiveAsync(bystander)).Data!.Value.GetRawText());
    }
}

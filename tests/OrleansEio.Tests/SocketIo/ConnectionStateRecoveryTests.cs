using System.Net.WebSockets;
using System.Text.Json;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.Interop;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// Connection state recovery as socket.io 4.8 does it, with the official client through three gateways over two silos:
/// the pid in the CONNECT reply, the offset on every event without an ack, the socket's id, rooms and data back after a
/// lost connection, and every missed event once, in order, direct emits included.
/// </summary>
[Collection(RecoveryClusterCollection.Name)]
public sealed class ConnectionStateRecoveryTests(RecoveryCluster cluster)
{
    private string Gateways => string.Join(",", cluster.Gateways);

    [Fact]
    public async Task The_connect_reply_carries_a_pid_and_every_event_without_an_ack_carries_its_offset_last()
    {
        using var socket = await OpenAsync(cluster.Gateways[0]);

        await EioHttp.SendTextAsync(socket, "40");
        var connect = Json(await EioHttp.ReceiveAsync(socket), "40");
        await EioHttp.SendTextAsync(socket, "42[\"emit-later\",0,\"hello\",\"a\"]");
        var hello = Json(await EioHttp.ReceiveAsync(socket), "42");
        await EioHttp.SendTextAsync(socket, "421[\"rooms\"]");
        var rooms = Json(await EioHttp.ReceiveAsync(socket), "431");

        Assert.Equal(22, connect.GetProperty("pid").GetString()!.Length);
        Assert.NotEqual(connect.GetProperty("sid").GetString(), connect.GetProperty("pid").GetString());
        Assert.Equal(3, hello.GetArrayLength());
        Assert.Equal("a", hello[1].GetString());
        Assert.True(SocketIoOffset.TryParse(hello[2].GetString(), out _), "the last argument is an offset: " + hello);
        Assert.Equal([connect.GetProperty("sid").GetString()], rooms.EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_direct_emit_made_while_the_client_is_away_arrives_before_the_connect_reply_of_the_recovered_socket()
    {
        string sid, pid, offset;
        using (var first = await OpenAsync(cluster.Gateways[0]))
        {
            await EioHttp.SendTextAsync(first, "40");
            var connect = Json(await EioHttp.ReceiveAsync(first), "40");
            (sid, pid) = (connect.GetProperty("sid").GetString()!, connect.GetProperty("pid").GetString()!);
            await EioHttp.SendTextAsync(first, "42[\"emit-later\",0,\"hello\"]");
            offset = Json(await EioHttp.ReceiveAsync(first), "42")[1].GetString()!;
            await EioHttp.SendTextAsync(first, "421[\"emit-later\",300,\"while-away\",1]");
            Assert.Equal("431[true]", await EioHttp.ReceiveAsync(first));

            // The connection breaks (no close handshake), as when a network path dies.
            first.Abort();
        }

        // The emit is made while the client is away: it is in the log before the client comes back.
        await Eventually.True(async () => (await RecoveryCluster.Store.ReadAfterAsync(new SocketIoNamespaceKey(SocketIoTestApp.Path, "/"), Offset(offset)))?.Length > 0);
        using var second = await OpenAsync(cluster.Gateways[1]);
        await EioHttp.SendTextAsync(second, $"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");
        var missed = Json(await EioHttp.ReceiveAsync(second), "42");
        var reply = Json(await EioHttp.ReceiveAsync(second), "40");

        Assert.Equal("while-away", missed[0].GetString());
        Assert.Equal(1, missed[1].GetInt32());
        Assert.True(Offset(missed[2].GetString()) > Offset(offset));
        Assert.Equal(sid, reply.GetProperty("sid").GetString());
        Assert.Equal(pid, reply.GetProperty("pid").GetString());
    }

    [Fact]
    public async Task Subscribers_that_lose_their_connection_get_their_sockets_back_with_every_acked_tick_once_and_in_order()
    {
        var r = await ClientScript.NodeAsync("recovery.mjs", TimeSpan.FromSeconds(90), "drop", Gateways, "8", "6", "50");

        AssertNothingLost(r);
        Assert.All(Subscribers(r), s =>
        {
            var reconnects = s.GetProperty("reconnects").EnumerateArray().ToArray();
            Assert.True(reconnects.Length >= 1, "reconnected: " + s);
            Assert.All(reconnects, c => Assert.True(c.GetProperty("recovered").GetBoolean() && c.GetProperty("sameId").GetBoolean(), "recovered with the same id: " + s));
            Assert.True(s.GetProperty("ticksAfterLastReconnect").GetInt32() > 0, "still in the room without joining again: " + s);
        });
    }

    [Fact]
    public async Task A_client_away_longer_than_MaxDisconnectionDuration_connects_as_a_new_socket_outside_its_old_rooms()
    {
        var away = RecoveryCluster.MaxDisconnectionDuration + TimeSpan.FromSeconds(2);
        var r = await ClientScript.NodeAsync("recovery.mjs", TimeSpan.FromSeconds(90), "away", Gateways, "2", "12", "100", ((int)away.TotalMilliseconds).ToString());

        Assert.All(Subscribers(r), s =>
        {
            var reconnects = s.GetProperty("reconnects").EnumerateArray().ToArray();
            Assert.Single(reconnects);
            Assert.False(reconnects[0].GetProperty("recovered").GetBoolean(), "not recovered: " + s);
            Assert.False(reconnects[0].GetProperty("sameId").GetBoolean(), "a new id: " + s);
            Assert.True(s.GetProperty("ticksAfterLastReconnect").GetInt32() == 0, "a new socket is in no room: " + s);
        });
    }

    [Fact]
    public async Task A_made_up_pid_connects_a_new_socket_and_takes_nothing_from_anyone()
    {
        var r = await ClientScript.NodeAsync("recovery.mjs", TimeSpan.FromSeconds(90), "forged", Gateways, "4", "6", "50");

        var forged = r.GetProperty("forged").EnumerateArray().ToArray();
        Assert.Equal(4, forged.Length);
        Assert.All(forged, f =>
        {
            Assert.True(f.GetProperty("connected").GetBoolean(), "connected: " + f);
            Assert.False(f.GetProperty("recovered").GetBoolean(), "not recovered: " + f);
            Assert.False(f.GetProperty("tookSomeonesId").GetBoolean(), "a socket id of its own: " + f);
        });
        AssertNothingLost(r);
        Assert.All(Subscribers(r), s => Assert.Equal(0, s.GetProperty("disconnects").GetArrayLength()));
    }

    private static void AssertNothingLost(JsonElement r)
    {
        var verdict = r.GetRawText();
        Assert.True(r.GetProperty("acked").GetInt32() > 20, "the publisher's ticks were acked: " + verdict);
        Assert.True(r.GetProperty("outOfOrder").GetInt32() == 0, "out of order: " + verdict);
        Assert.True(r.GetProperty("duplicates").GetInt32() == 0, "twice: " + verdict);
        Assert.True(r.GetProperty("missingAcked").GetInt32() == 0, "acked but missing: " + verdict);
    }

    private static SocketIoOffset Offset(string? text) => SocketIoOffset.TryParse(text, out var offset) ? offset : throw new FormatException(text);

    private static JsonElement[] Subscribers(JsonElement r) => [.. r.GetProperty("subscribers").EnumerateArray()];

    private static async Task<ClientWebSocket> OpenAsync(Uri gateway)
    {
        var socket = await EioHttp.ConnectAsync(gateway, path: SocketIoTestApp.Path + "/");
        Assert.StartsWith("0", await EioHttp.ReceiveAsync(socket));
        return socket;
    }

    /// <summary>The JSON after a packet's type prefix (<c>40</c>, <c>42</c>, <c>431</c>).</summary>
    private static JsonElement Json(string? message, string prefix)
    {
        Assert.NotNull(message);
        Assert.StartsWith(prefix, message);
        return JsonDocument.Parse(message[prefix.Length..]).RootElement;
    }
}

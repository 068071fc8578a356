using System.Net.WebSockets;
using System.Text;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// The invariant the project exists for: one session's requests may land on any gateway and are judged
/// exactly as on one node, because the session grain alone holds the session's state.
/// </summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class CrossGatewayTests(GatewayCluster cluster) : IDisposable
{
    private const string RecordSeparator = "\u001e";
    private readonly EioHttp _eio = new();

    private Uri A => cluster.Gateways[0];
    private Uri B => cluster.Gateways[1];
    private Uri C => cluster.Gateways[2];

    public void Dispose() => _eio.Dispose();

    [Fact]
    public async Task A_session_handshaken_on_A_polled_on_B_posted_on_C_and_upgraded_on_B_behaves_as_on_one_node()
    {
        var sid = await _eio.HandshakeAsync(A);

        var post = await _eio.PostAsync(C, sid, "4hello" + RecordSeparator + "bAQIDBA==");
        Assert.Equal((200, "ok", "C"), (post.Status, post.Body, post.Node));
        var poll = await _eio.PollAsync(B, sid);
        Assert.Equal((200, "4hello" + RecordSeparator + "bAQIDBA==", "B"), (poll.Status, poll.Body, poll.Node));

        // A GET left pending on A while the upgrade happens on B.
        var pending = _eio.PollAsync(A, sid);
        using var socket = await EioHttp.ConnectAsync(B, sid);
        await EioHttp.SendTextAsync(socket, "2probe");
        Assert.Equal("3probe", await EioHttp.ReceiveAsync(socket));
        Assert.Equal((200, "6"), ((await pending).Status, (await pending).Body));

        // A GET that arrives on C during the upgrade is ended with a noop too.
        var during = await _eio.PollAsync(C, sid);
        Assert.Equal((200, "6"), (during.Status, during.Body));

        // Messages queued for the client during the upgrade are flushed over the socket, in order.
        Assert.Equal(200, (await _eio.PostAsync(A, sid, "4queued-1" + RecordSeparator + "4queued-2")).Status);
        await EioHttp.SendTextAsync(socket, "5");
        Assert.Equal("4queued-1", await EioHttp.ReceiveAsync(socket));
        Assert.Equal("4queued-2", await EioHttp.ReceiveAsync(socket));

        await EioHttp.SendTextAsync(socket, "4over websocket");
        Assert.Equal("4over websocket", await EioHttp.ReceiveAsync(socket));

        // After the upgrade, polling requests on any node get 400.
        foreach (var gateway in cluster.Gateways)
        {
            Assert.Equal(400, (await _eio.PollAsync(gateway, sid)).Status);
            Assert.Equal(400, (await _eio.PostAsync(gateway, sid, "4late")).Status);
        }

        // And a second WebSocket for the upgraded session is closed, on any node.
        using var second = await EioHttp.ConnectAsync(C, sid);
        Assert.Null(await EioHttp.ReceiveAsync(second));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, second.CloseStatus);

        await EioHttp.SendTextAsync(socket, "4still here");
        Assert.Equal("4still here", await EioHttp.ReceiveAsync(socket));
    }

    [Fact]
    public async Task A_websocket_get_without_the_upgrade_handshake_gets_400_and_leaves_the_queue_untouched()
    {
        var sid = await _eio.HandshakeAsync(A);
        Assert.Equal(200, (await _eio.PostAsync(B, sid, "4queued")).Status);

        var fake = await _eio.GetAsync(EioHttp.Url(C, sid, "websocket"));

        Assert.Equal((400, "{\"code\":3,\"message\":\"Bad request\"}"), (fake.Status, fake.Body));
        var poll = await _eio.PollAsync(A, sid);
        Assert.Equal((200, "4queued"), (poll.Status, poll.Body));
    }

    [Fact]
    public async Task A_websocket_get_without_the_upgrade_handshake_and_without_a_sid_is_a_bad_request()
    {
        var reply = await _eio.GetAsync(EioHttp.Url(B, transport: "websocket"));
        Assert.Equal((400, "{\"code\":3,\"message\":\"Bad request\"}"), (reply.Status, reply.Body));
    }

    [Fact]
    public async Task An_unknown_sid_gets_the_same_answer_from_every_gateway()
    {
        var replies = new List<(int, string)>();
        foreach (var gateway in cluster.Gateways)
        {
            var reply = await _eio.PollAsync(gateway, "no-such-session");
            replies.Add((reply.Status, reply.Body));
        }

        Assert.All(replies, reply => Assert.Equal((400, "{\"code\":1,\"message\":\"Session ID unknown\"}"), reply));
    }

    [Fact]
    public async Task An_overlapping_poll_on_another_gateway_closes_the_session_and_the_pending_poll_gets_a_close_packet()
    {
        var sid = await _eio.HandshakeAsync(A);
        var session = cluster.Cluster.Client.GetGrain<OrleansEio.Sessions.IEngineIoSessionGrain>(sid);
        var first = _eio.PollAsync(A, sid);
        await Eventually.True(async () => (await session.Describe()).PollPending);

        var second = await _eio.PollAsync(B, sid);

        Assert.Equal(400, second.Status);
        Assert.Equal((200, "1"), ((await first).Status, (await first).Body));
        Assert.Equal(400, (await _eio.PollAsync(C, sid)).Status);
    }

    [Fact]
    public async Task A_client_close_posted_on_one_gateway_ends_the_poll_pending_on_another_with_a_noop()
    {
        var sid = await _eio.HandshakeAsync(A);
        var session = cluster.Cluster.Client.GetGrain<OrleansEio.Sessions.IEngineIoSessionGrain>(sid);
        var pending = _eio.PollAsync(B, sid);
        await Eventually.True(async () => (await session.Describe()).PollPending);

        Assert.Equal(200, (await _eio.PostAsync(C, sid, "1")).Status);

        Assert.Equal((200, "6"), ((await pending).Status, (await pending).Body));
        Assert.Equal(400, (await _eio.PollAsync(A, sid)).Status);
    }

    [Fact]
    public async Task A_malformed_post_closes_only_its_own_session()
    {
        var victim = await _eio.HandshakeAsync(A);
        var bystander = await _eio.HandshakeAsync(B);

        var bad = await _eio.PostAsync(C, victim, "abc");

        Assert.Equal(400, bad.Status);
        Assert.Equal(400, (await _eio.PollAsync(A, victim)).Status);
        Assert.Equal(200, (await _eio.PostAsync(A, bystander, "4fine")).Status);
        Assert.Equal("4fine", (await _eio.PollAsync(C, bystander)).Body);
    }

    [Fact]
    public async Task An_oversized_post_gets_413_and_the_session_stays_open()
    {
        var sid = await _eio.HandshakeAsync(A);

        var tooBig = await _eio.PostAsync(B, sid, "4" + new string('x', 1_000_000));

        Assert.Equal(413, tooBig.Status);
        Assert.Equal("{\"code\":3,\"message\":\"Payload too large\"}", tooBig.Body);
        Assert.Equal(200, (await _eio.PostAsync(C, sid, "4fits")).Status);
        Assert.Equal("4fits", (await _eio.PollAsync(A, sid)).Body);
    }

    [Fact]
    public async Task A_binary_post_body_is_refused_as_engine_io_v4_payloads_are_text()
    {
        var sid = await _eio.HandshakeAsync(A);
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("application/octet-stream");

        var reply = await _eio.PostAsync(EioHttp.Url(B, sid), content);

        Assert.Equal(400, reply.Status);
        Assert.Equal(400, (await _eio.PollAsync(C, sid)).Status);
    }

    [Fact]
    public async Task A_direct_websocket_session_echoes_text_and_binary()
    {
        using var socket = await EioHttp.ConnectAsync(C);
        var open = await EioHttp.ReceiveAsync(socket);
        Assert.StartsWith("0{\"sid\":", open);
        Assert.Contains("\"upgrades\":[]", open);

        await EioHttp.SendTextAsync(socket, "4héllo 😀");
        Assert.Equal("4héllo 😀", await EioHttp.ReceiveAsync(socket));
        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None).Within();
        Assert.Equal("b" + Convert.ToBase64String([1, 2, 3]), await EioHttp.ReceiveAsync(socket));
    }

    [Fact]
    public async Task A_malformed_websocket_frame_closes_that_socket_with_the_reason()
    {
        using var socket = await EioHttp.ConnectAsync(A);
        await EioHttp.ReceiveAsync(socket);

        await EioHttp.SendTextAsync(socket, "abc");

        Assert.Null(await EioHttp.ReceiveAsync(socket));
        Assert.Equal("parse error", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_websocket_message_over_max_payload_closes_that_session_only_with_the_reason()
    {
        using var bystander = await EioHttp.ConnectAsync(B);
        await EioHttp.ReceiveAsync(bystander);
        using var socket = await EioHttp.ConnectAsync(A);
        await EioHttp.ReceiveAsync(socket);

        await EioHttp.SendTextAsync(socket, "4" + new string('x', 1_000_000));

        Assert.Null(await EioHttp.ReceiveAsync(socket));
        Assert.Equal("message too big", socket.CloseStatusDescription);
        await EioHttp.SendTextAsync(bystander, "4still fine");
        Assert.Equal("4still fine", await EioHttp.ReceiveAsync(bystander));
    }

    [Fact]
    public async Task Handshake_errors_use_the_engine_io_codes()
    {
        var sid = await _eio.HandshakeAsync(A);
        var cases = new (string Query, string Method, int Status, string Body)[]
        {
            ("?EIO=4&transport=carrier-pigeon", "GET", 400, "{\"code\":0,\"message\":\"Transport unknown\"}"),
            ("?EIO=3&transport=polling", "GET", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}"),
            ("?EIO=4&transport=polling", "POST", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}"),
            ($"?EIO=4&transport=polling&sid={sid}", "PUT", 400, "{\"code\":3,\"message\":\"Bad request\"}"),
            ("?EIO=4&transport=polling&sid=abc", "PUT", 400, "{\"code\":1,\"message\":\"Session ID unknown\"}"),
        };

        foreach (var (query, method, status, body) in cases)
        {
            using var http = new HttpClient();
            using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(B, "/engine.io/" + query))).Within();
            Assert.Equal((status, body), ((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }
    }
}

using System.Net.WebSockets;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// The WebSocket transport against a hand-written session, over a real listener and ClientWebSocket: the numbered
/// pulls and batches it sends, what it writes and in which order, and when it gives up on the client.
/// </summary>
public sealed class WebSocketTransportTests(TransportHost host) : IClassFixture<TransportHost>
{
    private async Task<ClientWebSocket> ConnectAsync(string sid)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(host.WebSocketUrl(sid), CancellationToken.None).Within();
        return socket;
    }

    private static Task<PullResult> Frames(params EnginePacket[] packets) => Task.FromResult(new PullResult(packets, false, null));

    [Fact]
    public async Task A_pull_whose_call_fails_in_the_cluster_is_issued_again_with_the_same_sequence()
    {
        var (sid, session) = host.NewSession();
        session.OnPull = (call, _) => call switch
        {
            1 => Task.FromException<PullResult>(new OrleansException("the call was lost with a node on its path")),
            2 => Frames(EnginePacket.Message("after the loss")),
            _ => FakeSession.Never<PullResult>(),
        };
        using var socket = await ConnectAsync(sid);

        Assert.Equal("4after the loss", await EioHttp.ReceiveAsync(socket));
        await Eventually.True(() => Task.FromResult(session.Pulls.Count == 3));
        Assert.Equal([1L, 1L, 2L], session.Pulls);
    }

    [Fact]
    public async Task A_pull_lost_every_time_closes_the_socket_as_session_unavailable_once_the_policy_gives_up()
    {
        var (sid, session) = host.NewSession();
        session.OnPull = (_, _) => Task.FromException<PullResult>(new OrleansException("the session's silo is unreachable"));
        using var socket = await ConnectAsync(sid);

        Assert.Null(await EioHttp.ReceiveAsync(socket));
        Assert.Equal(("session unavailable", WebSocketCloseStatus.InternalServerError), (socket.CloseStatusDescription, socket.CloseStatus));
        Assert.Equal(Enumerable.Repeat(1L, 1 + SessionCallPolicy.MaxReissues), session.Pulls);
    }

    [Fact]
    public async Task The_frames_of_one_pull_reach_the_client_in_order_and_a_close_after_them_with_the_sessions_reason()
    {
        var (sid, session) = host.NewSession();
        session.OnPull = (call, _) => call == 1
            ? Frames(EnginePacket.Message("one"), EnginePacket.Message(new byte[] { 2 }), EnginePacket.Message("three"))
            : Task.FromResult(PullResult.Closed("forced close", [EnginePacket.Close]));
        using var socket = await ConnectAsync(sid);

        Assert.Equal("4one", await EioHttp.ReceiveAsync(socket));
        Assert.Equal("b" + Convert.ToBase64String([2]), await EioHttp.ReceiveAsync(socket));
        Assert.Equal("4three", await EioHttp.ReceiveAsync(socket));
        Assert.Equal("1", await EioHttp.ReceiveAsync(socket));
        Assert.Null(await EioHttp.ReceiveAsync(socket));
        Assert.Equal(("forced close", WebSocketCloseStatus.NormalClosure), (socket.CloseStatusDescription, socket.CloseStatus));
    }

    [Fact]
    public async Task Frames_from_the_client_reach_the_session_in_order_in_consecutively_numbered_batches()
    {
        var (sid, session) = host.NewSession();
        using var socket = await ConnectAsync(sid);
        var sent = Enumerable.Range(0, 300).Select(i => "message " + i).ToArray();

        foreach (var text in sent)
        {
            await EioHttp.SendTextAsync(socket, "4" + text);
        }

        await Eventually.True(() => Task.FromResult(session.Applied().Length == sent.Length));
        Assert.Equal(sent.Select(EnginePacket.Message), session.Applied());
        Assert.Equal(Enumerable.Range(1, session.Received.Count).Select(i => (long)i), session.Received.Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_batch_whose_answer_is_lost_is_sent_again_with_the_same_sequence_and_the_next_one_follows_it()
    {
        var (sid, session) = host.NewSession();
        session.OnReceive = call => call == 1
            ? Task.FromException<bool>(new OrleansException("the answer was lost"))
            : Task.FromResult(true);
        using var socket = await ConnectAsync(sid);

        await EioHttp.SendTextAsync(socket, "4first");
        await Eventually.True(() => Task.FromResult(session.Received.Count == 2));
        await EioHttp.SendTextAsync(socket, "4second");
        await Eventually.True(() => Task.FromResult(session.Received.Count == 3));

        Assert.Equal([1L, 1L, 2L], session.Received.Select(r => r.Sequence));
        Assert.Equal([EnginePacket.Message("first"), EnginePacket.Message("second")], session.Applied());
    }

    [Fact]
    public async Task A_client_that_closes_its_socket_is_reported_to_the_session()
    {
        var (sid, session) = host.NewSession();
        using var socket = await ConnectAsync(sid);

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();

        await Eventually.True(() => Task.FromResult(session.ClosedTransports.Count == 1));
        Assert.Empty(session.Failures);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_after_the_write_timeout()
    {
        var (sid, session) = host.NewSession();
        var frame = new byte[1024 * 1024];
        session.OnPull = (_, _) => Frames(EnginePacket.Message(frame));
        using var invoker = new HttpMessageInvoker(TransportHost.SmallReceiveBuffer());
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(host.WebSocketUrl(sid), invoker, CancellationToken.None).Within();

        // The client never reads: the gateway's writes stall once the socket buffers are full.
        await Eventually.True(() => Task.FromResult(!session.Failures.IsEmpty), TimeSpan.FromSeconds(20), "the slow reader's socket is failed");
        Assert.Equal("transport error", session.Failures.Single().Reason);
    }
}

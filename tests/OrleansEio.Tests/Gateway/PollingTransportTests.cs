using System.Text;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Gateway;

/// <summary>
/// The long-polling transport against a hand-written session, over a real listener and HttpClient: what it asks of
/// the session, with which ids, when calls are lost, retried, aborted or not read.
/// </summary>
public sealed class PollingTransportTests(TransportHost host) : IClassFixture<TransportHost>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private async Task<string> GetAsync(string sid)
    {
        using var response = await _http.GetAsync(host.Url(sid)).Within();
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync().Within();
    }

    [Fact]
    public async Task A_poll_whose_call_fails_in_the_cluster_is_issued_again_with_the_same_poll_id()
    {
        var (sid, session) = host.NewSession();
        session.OnPoll = call => call == 1
            ? Task.FromException<PollResult>(new OrleansException("the call was lost with a node on its path"))
            : Task.FromResult(PollResult.Of([EnginePacket.Message("after the loss")]));

        Assert.Equal("4after the loss", await GetAsync(sid));
        Assert.Equal(2, session.Polls.Count);
        Assert.Single(session.Polls.Distinct());
    }

    [Fact]
    public async Task A_poll_the_session_answers_with_retry_is_issued_again_with_the_same_poll_id()
    {
        var (sid, session) = host.NewSession();
        session.OnPoll = call => Task.FromResult(call < 3 ? PollResult.Retry : PollResult.Of([EnginePacket.Message("third time")]));

        Assert.Equal("4third time", await GetAsync(sid));
        Assert.Equal(3, session.Polls.Count);
        Assert.Single(session.Polls.Distinct());
    }

    [Fact]
    public async Task A_poll_waiting_when_a_silo_leaves_the_cluster_is_issued_again_with_the_same_poll_id()
    {
        var (sid, session) = host.NewSession();
        var second = new TaskCompletionSource<PollResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.OnPoll = call => call == 1 ? FakeSession.Never<PollResult>() : second.Task;
        var poll = GetAsync(sid);
        await Eventually.True(() => Task.FromResult(session.Polls.Count == 1));

        host.Losses.Lost(1);
        await Eventually.True(() => Task.FromResult(session.Polls.Count == 2));
        second.SetResult(PollResult.Of([EnginePacket.Message("found again")]));

        Assert.Equal("4found again", await poll);
        Assert.Single(session.Polls.Distinct());
    }

    [Fact]
    public async Task A_poll_the_client_gives_up_on_is_aborted_at_the_session_with_its_poll_id()
    {
        var (sid, session) = host.NewSession();
        using var giveUp = new CancellationTokenSource();
        var poll = _http.GetAsync(host.Url(sid), giveUp.Token);
        await Eventually.True(() => Task.FromResult(session.Polls.Count == 1));

        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll).Within();
        await Eventually.True(() => Task.FromResult(session.AbortedPolls.Count == 1), because: "the gateway tells the session");
        Assert.Equal(session.Polls.Single(), session.AbortedPolls.Single());
    }

    [Fact]
    public async Task A_post_whose_answer_is_lost_is_sent_again_with_the_same_post_id()
    {
        var (sid, session) = host.NewSession();
        session.OnPost = call => call == 1
            ? Task.FromException<EngineIoErrorCode?>(new TimeoutException("the answer was lost"))
            : Task.FromResult<EngineIoErrorCode?>(null);

        using var content = new StringContent("4hello", Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(host.Url(sid), content).Within();

        Assert.Equal("ok", await response.Content.ReadAsStringAsync().Within());
        Assert.Equal(2, session.Posts.Count);
        Assert.Single(session.Posts.Distinct());
    }

    [Fact]
    public async Task A_poll_answer_the_client_does_not_read_closes_the_session_after_the_write_timeout()
    {
        var (sid, session) = host.NewSession();

        // More than the socket buffers between the two ends hold, so the write stalls when the client stops reading.
        session.OnPoll = _ => Task.FromResult(PollResult.Of([EnginePacket.Message(new string('x', 32 * 1024 * 1024))]));
        using var client = new HttpClient(TransportHost.SmallReceiveBuffer()) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url(sid));
        var unread = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        await Eventually.True(() => Task.FromResult(!session.Failures.IsEmpty), TimeSpan.FromSeconds(20), "the slow reader's session is failed");
        Assert.Equal((Guid.Empty, "transport error"), session.Failures.Single());

        // The gateway aborted the connection: the client ends with the headers and a broken body, or with an error.
        _ = await Record.ExceptionAsync(async () => (await unread.Within()).Dispose());
    }
}

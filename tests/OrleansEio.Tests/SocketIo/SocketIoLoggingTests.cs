using OrleansEio.Protocol.EngineIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>What one client's repeated failures cost in the log: one line per kind, a count at the end, no sid, no stack for its input.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class SocketIoLoggingTests(FakeClockCluster cluster)
{
    [Fact]
    public async Task A_handler_failing_on_every_packet_is_logged_once_per_kind_and_counted_when_the_session_ends()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);
        var before = CapturedLogs.Written;

        await session.PostAsync([.. Enumerable.Repeat("2[\"boom\",\"input\"]", 50), .. Enumerable.Repeat("2[\"boom\",\"bug\"]", 50)]);
        Assert.Null(await session.Grain.Post(Guid.NewGuid(), [EnginePacket.Close]).Within());

        await Eventually.True(() => Task.FromResult(CapturedLogs.Since(before).Count(l => l.EventId == 324 && l.Message.Contains("boom")) == 2));
        var lines = CapturedLogs.Since(before).Where(l => l.Category.EndsWith("SocketIoApplication", StringComparison.Ordinal)).ToArray();
        var input = Assert.Single(lines, l => l.EventId == 323 && l.Message.Contains("boom: ArgumentException"));
        Assert.Null(input.Exception);
        var bug = Assert.Single(lines, l => l.EventId == 322 && l.Message.Contains("boom: NullReferenceException"));
        Assert.NotNull(bug.Exception);
        Assert.Single(lines, l => l.EventId == 324 && l.Message.Contains("after 50 failures of kind boom: ArgumentException"));
        Assert.Single(lines, l => l.EventId == 324 && l.Message.Contains("after 50 failures of kind boom: NullReferenceException"));
        Assert.DoesNotContain(CapturedLogs.Since(before), l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information && l.Message.Contains(session.Sid));
    }
}

using OrleansEio.Protocol.EngineIo;
using OrleansEio.Sessions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// A Socket.IO client speaking straight to a session grain, as a polling gateway would: each POST and GET is one
/// grain call, so a test decides exactly when the client collects what the server queued (or never does).
/// Packets are Socket.IO text packets, e.g. <c>0</c> (CONNECT) or <c>21["echo",1]</c> (an event with ack id 1).
/// </summary>
internal sealed class SioGrainSession(IEngineIoSessionGrain grain, string sid)
{
    public IEngineIoSessionGrain Grain { get; } = grain;

    public string Sid { get; } = sid;

    public static async Task<SioGrainSession> OpenAsync(FakeClockCluster cluster, string path = BudgetApp.Path)
    {
        var sid = Guid.NewGuid().ToString("N");
        var grain = cluster.Grains.GetGrain<IEngineIoSessionGrain>(sid);
        var handshake = new EngineIoHandshake(path, [], [], "127.0.0.1", false, cluster.Clock.GetUtcNow());
        Assert.Null((await grain.Open(new OpenRequest(path, Guid.Empty, handshake)).Within()).Error);
        return new SioGrainSession(grain, sid);
    }

    /// <summary>Opens a session, connects <c>/</c>, collects the CONNECT ack and comes back (the drain), so the connection handlers run.</summary>
    public static async Task<SioGrainSession> ConnectAsync(FakeClockCluster cluster)
    {
        var session = await OpenAsync(cluster);
        await session.PostAsync("0");
        Assert.StartsWith("0{\"sid\":", Assert.Single(await session.PollAsync()));
        await session.DrainAsync();
        return session;
    }

    public async Task PostAsync(params string[] packets)
        => Assert.Null(await Grain.Post(packets.Select(EnginePacket.Message).ToArray()).Within());

    /// <summary>
    /// The next GET's answer: the Socket.IO packets it carried (an Engine.IO close as <c>close</c>, a ping as <c>ping</c>).
    /// A GET left pending by <see cref="DrainAsync"/> is that next GET: a client has one GET at a time.
    /// </summary>
    public async Task<string[]> PollAsync()
    {
        var poll = _pending ?? Grain.Poll(Guid.NewGuid());
        _pending = null;
        var result = await poll.Within();
        Assert.Equal(PollStatus.Packets, result.Status);
        return result.Packets.Select(p => p.Type switch
        {
            EnginePacketType.Message => p.Text!,
            EnginePacketType.Close => "close",
            EnginePacketType.Ping => "ping",
            _ => p.ToString(),
        }).ToArray();
    }

    /// <summary>Polls until <paramref name="packet"/> arrives; returns everything received before it.</summary>
    public async Task<List<string>> PollUntilAsync(string packet)
    {
        var before = new List<string>();
        while (true)
        {
            foreach (var received in await PollAsync())
            {
                if (received == packet)
                {
                    return before;
                }

                before.Add(received);
            }
        }
    }

    /// <summary>Sends a GET and leaves it pending: the transport came back for more, so what earlier GETs took counts as written.</summary>
    public async Task DrainAsync()
    {
        var poll = Grain.Poll(Guid.NewGuid());
        await Eventually.True(async () => poll.IsCompleted || (await Grain.Describe()).PollPending);
        _pending = poll;
    }

    private Task<PollResult>? _pending;

    public async Task<string> StateAsync() => (await Grain.Describe().Within()).State;
}

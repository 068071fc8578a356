using OrleansEio.Sessions;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// How this gateway reaches a session: its grain, through the Orleans client or the co-hosted silo. The transports
/// and the endpoint ask only this, so their tests can put a hand-written session behind a real listener.
/// </summary>
internal interface ISessionGrains
{
    IEngineIoSessionGrain Get(string sid);
}

internal sealed class ClusterSessionGrains(IGrainFactory grains) : ISessionGrains
{
    public IEngineIoSessionGrain Get(string sid) => grains.GetGrain<IEngineIoSessionGrain>(sid);
}

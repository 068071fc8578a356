using OrleansEio.Sessions;

namespace OrleansEio;

/// <summary>Reaches any session of the cluster from anywhere: a gateway, a grain, a background service.</summary>
public interface IEngineIoSessions
{
    /// <summary>Queues messages for the session; false when no such session is open.</summary>
    Task<bool> SendAsync(string sid, params EngineIoMessage[] messages);

    /// <summary>Closes the session after its queued messages are delivered.</summary>
    Task CloseAsync(string sid);
}

internal sealed class EngineIoSessions(IGrainFactory grains) : IEngineIoSessions
{
    public Task<bool> SendAsync(string sid, params EngineIoMessage[] messages)
        => grains.GetGrain<IEngineIoSessionGrain>(sid).Send(messages);

    public Task CloseAsync(string sid) => grains.GetGrain<IEngineIoSessionGrain>(sid).Close();
}

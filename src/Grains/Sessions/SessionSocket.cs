namespace OrleansEio.Sessions;

/// <summary>The application's handle on a session; every call lands in the grain's own context.</summary>
internal sealed class SessionSocket(EngineIoSessionGrain grain, EngineIoHandshake handshake) : IEngineIoSocket
{
    public string Id => grain.Sid;

    public string Transport => grain.TransportName;

    public EngineIoHandshake Handshake => handshake;

    public bool Writable
    {
        get
        {
            grain.EnsureInContext();
            return grain.IsWritable;
        }
    }

    public bool Send(EngineIoMessage message)
    {
        grain.EnsureInContext();
        return grain.EnqueueMessage(message);
    }

    public Task WhenDrainedAsync()
    {
        grain.EnsureInContext();
        return grain.WhenDrainedAsync();
    }

    public object? State { get; set; }

    public void Close(string reason = "forced close")
    {
        grain.EnsureInContext();
        grain.BeginServerClose(reason);
    }
}

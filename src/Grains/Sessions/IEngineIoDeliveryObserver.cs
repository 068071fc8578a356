namespace OrleansEio.Sessions;

/// <summary>
/// An application that wants to see the messages delivered to its session from elsewhere (broadcasts, which
/// arrive encoded), before they are queued: Socket.IO's outgoing listeners. Called in the session's context.
/// </summary>
internal interface IEngineIoDeliveryObserver
{
    void OnDelivering(IEngineIoSocket socket, EngineIoMessage[] messages);
}

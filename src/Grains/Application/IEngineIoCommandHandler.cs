namespace OrleansEio;

/// <summary>
/// An application whose sessions take commands from elsewhere in the cluster (<c>IEngineIoSessionGrain.Control</c>), as
/// Socket.IO's cluster-wide room operations do. Internal: no public API sends a command, so a user's application has no use for it.
/// </summary>
internal interface IEngineIoCommandHandler
{
    /// <summary>Handles <paramref name="command"/> in the session's context; null when not understood.</summary>
    Task<object?> OnControlAsync(IEngineIoSocket socket, object command);
}

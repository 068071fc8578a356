namespace OrleansEio;

/// <summary>
/// The application behind an Engine.IO endpoint. It runs in the silo, inside the session grain:
/// calls for one session never overlap, and a handler may await any grain.
/// Register it with <c>services.AddEngineIoApplication&lt;T&gt;(path)</c> on the silo.
/// </summary>
public interface IEngineIoApplication
{
    Task OnOpenAsync(IEngineIoSocket socket) => Task.CompletedTask;

    Task OnMessageAsync(IEngineIoSocket socket, EngineIoMessage message);

    Task OnCloseAsync(IEngineIoSocket socket, string reason) => Task.CompletedTask;

    /// <summary>
    /// The session is moving to another silo because this one is shutting down gracefully. Returns what the
    /// application needs to carry on there (an Orleans-serializable value), or null. <see cref="IEngineIoSocket.State"/>
    /// does not move by itself.
    /// </summary>
    object? OnDehydrate(IEngineIoSocket socket) => null;

    /// <summary>The session arrived from another silo with what <see cref="OnDehydrate"/> returned; the client noticed nothing.</summary>
    Task OnRehydrateAsync(IEngineIoSocket socket, object? state) => Task.CompletedTask;

    /// <summary>A command sent to this session with <c>IEngineIoSessionGrain.Control</c>; null when not understood.</summary>
    Task<object?> OnControlAsync(IEngineIoSocket socket, object command) => Task.FromResult<object?>(null);
}

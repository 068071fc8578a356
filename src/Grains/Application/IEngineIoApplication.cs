namespace OrleansEio;

/// <summary>
/// The application behind an Engine.IO endpoint. It runs in the silo, inside the session grain:
/// calls for one session never overlap, and a handler may await any grain.
/// Register it with <c>services.AddEngineIoApplication&lt;T&gt;(path)</c> on the silo.
/// </summary>
public interface IEngineIoApplication
{
    /// <summary>A session opened (its handshake was answered); <paramref name="socket"/> may already send. Does nothing unless implemented.</summary>
    Task OnOpenAsync(IEngineIoSocket socket) => Task.CompletedTask;

    /// <summary>
    /// The client sent a message, over either transport. Messages of one session arrive one at a time and in order; a handler
    /// that throws is logged (once per session) and the session goes on.
    /// </summary>
    Task OnMessageAsync(IEngineIoSocket socket, EngineIoMessage message);

    /// <summary>
    /// The session closed, once, for <paramref name="reason"/>: <c>transport close</c>, <c>ping timeout</c>, <c>parse error</c>,
    /// <c>transport error</c>, <c>message too big</c>, <c>buffer overflow</c>, or what <see cref="IEngineIoSocket.Close"/> was given
    /// (<c>forced close</c> by default). Sends are no longer delivered. Not called when the session moves to another silo. Does nothing unless implemented.
    /// </summary>
    Task OnCloseAsync(IEngineIoSocket socket, string reason) => Task.CompletedTask;

    /// <summary>
    /// The session is moving to another silo because this one is shutting down gracefully. Returns what the
    /// application needs to carry on there (an Orleans-serializable value), or null. <see cref="IEngineIoSocket.State"/>
    /// does not move by itself.
    /// </summary>
    object? OnDehydrate(IEngineIoSocket socket) => null;

    /// <summary>The session arrived from another silo with what <see cref="OnDehydrate"/> returned; the client noticed nothing.</summary>
    Task OnRehydrateAsync(IEngineIoSocket socket, object? state) => Task.CompletedTask;
}

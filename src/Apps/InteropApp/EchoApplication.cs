namespace OrleansEio.InteropApp;

/// <summary>The interop app's raw Engine.IO endpoint: every message, text or binary, goes back to its sender.</summary>
public sealed class EchoApplication : IEngineIoApplication
{
    public Task OnMessageAsync(IEngineIoSocket socket, EngineIoMessage message)
    {
        socket.Send(message);
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;

namespace OrleansEio.Tests.Sessions;

/// <summary>A test application that records what the session grain tells it, per sid.</summary>
public sealed class ProbeApplication : IEngineIoApplication
{
    public const string Path = "/probe";

    public static ConcurrentDictionary<string, ConcurrentQueue<string>> Events { get; } = new();

    private static void Record(IEngineIoSocket socket, string what) => Events.GetOrAdd(socket.Id, _ => new()).Enqueue(what);

    public Task OnOpenAsync(IEngineIoSocket socket)
    {
        Record(socket, "open:" + socket.Transport);
        socket.Send("welcome " + socket.Handshake.Query.GetValueOrDefault("name"));
        return Task.CompletedTask;
    }

    public Task OnMessageAsync(IEngineIoSocket socket, EngineIoMessage message)
    {
        Record(socket, "message:" + message);
        if (message.Text == "close me")
        {
            socket.Close();
        }
        else if (message.Text == "drain then reply")
        {
            // Replies only once what was queued before has been written by a transport.
            socket.Send("before drain");
            _ = DrainThenReplyAsync(socket);
        }

        return Task.CompletedTask;
    }

    private static async Task DrainThenReplyAsync(IEngineIoSocket socket)
    {
        await socket.WhenDrainedAsync();
        Record(socket, "drained");
        socket.Send("after drain");
    }

    public Task OnCloseAsync(IEngineIoSocket socket, string reason)
    {
        Record(socket, "close:" + reason);
        return Task.CompletedTask;
    }
}

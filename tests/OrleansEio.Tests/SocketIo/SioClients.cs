using SocketIOClient;
using SocketIOClient.Transport;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>Connects the official C# client (SocketIOClient from NuGet) and turns its callbacks into awaitable tasks.</summary>
internal static class SioClients
{
    public static async Task<SocketIOClient.SocketIO> ConnectAsync(Uri gateway, string path, string nsp = "/", object? auth = null, TransportProtocol transport = TransportProtocol.WebSocket, bool upgrade = false)
    {
        var client = new SocketIOClient.SocketIO(new Uri(gateway, nsp), new SocketIOOptions
        {
            Path = path,
            Auth = auth,
            Transport = transport,
            AutoUpgrade = upgrade,
            Reconnection = false,
            ConnectionTimeout = TimeSpan.FromSeconds(10),
        });
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        await client.ConnectAsync().Within();
        await connected.Task.Within();
        return client;
    }

    /// <summary>Emits with an ack and returns the server's answer.</summary>
    public static async Task<SocketIOResponse> AskAsync(this SocketIOClient.SocketIO client, string eventName, params object[] args)
    {
        var answer = new TaskCompletionSource<SocketIOResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.EmitAsync(eventName, response => answer.TrySetResult(response), args).Within();
        return await answer.Task.Within();
    }

    /// <summary>The next occurrence of an event, as a task to await later.</summary>
    public static Task<SocketIOResponse> Next(this SocketIOClient.SocketIO client, string eventName)
    {
        var next = new TaskCompletionSource<SocketIOResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On(eventName, response => next.TrySetResult(response));
        return next.Task;
    }

    /// <summary>
    /// Answers a server's emit-with-ack. The client's handlers are <c>Action</c>s, so the answer's task is
    /// observed here rather than left to an <c>async void</c> that would crash the test host after disposal.
    /// </summary>
    public static void Answer(this SocketIOClient.SocketIO client, string eventName, Func<SocketIOResponse, object> answer)
        => client.On(eventName, response => _ = response.CallbackAsync(answer(response)).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted));
}

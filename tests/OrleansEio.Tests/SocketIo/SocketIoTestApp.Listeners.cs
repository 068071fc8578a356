using System.Collections.Concurrent;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// Namespace <c>/listeners</c> of the test app: a socket whose any-listeners, outgoing listeners, per-packet middleware
/// and lifecycle handlers write what they see to <see cref="Observed"/>, which a client reads back with the event
/// <c>seen</c> (answered by an any-listener, so it works after <c>RemoveAllListeners</c>).
/// </summary>
public static partial class SocketIoTestApp
{
    public const string ListenersNamespace = "/listeners";

    /// <summary>What each <c>/listeners</c> socket's listeners saw, by socket id, in order.</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<string>> Observed { get; } = new();

    private static ConcurrentQueue<string> Log(ISocketIoSocket socket) => Observed.GetOrAdd(socket.Id, _ => new());

    private static void OnListenersConnection(ISocketIoSocket socket)
    {
        var log = Log(socket);
        socket.OnAny(e =>
        {
            log.Enqueue("any " + e.Name);
            if (e.Name == "seen")
            {
                e.Ack?.Send((object)log.ToArray());
            }

            return Task.CompletedTask;
        });
        socket.PrependAny(e =>
        {
            log.Enqueue("first " + e.Name);
            return Task.CompletedTask;
        });
        socket.OnAnyOutgoing((name, args) =>
        {
            log.Enqueue("out " + name + " " + args);
            return Task.CompletedTask;
        });
        socket.Use(async (e, next) =>
        {
            log.Enqueue("middleware " + e.Name);
            switch (e.Name)
            {
                case "forbidden":
                    throw new UnauthorizedAccessException("not allowed: " + e.Args.GetStringOrNull(0));
                case "swallowed":
                    return;
            }

            // An await before next: the handlers start once the chain has returned.
            await Task.Yield();
            await next();
        });
        socket.OnError(exception =>
        {
            socket.Emit("error-event", exception.GetType().Name, exception.Message);
            return Task.CompletedTask;
        });

        socket.On("session", e => e.Ack?.Send(socket.SessionId));
        socket.On("forbidden", e => log.Enqueue("handled forbidden"));
        socket.On("swallowed", e => log.Enqueue("handled swallowed"));
        socket.On("error", e => e.Ack?.Send("an ordinary event"));

        socket.Once("greet", e => e.Ack?.Send("first time"));
        socket.On("greet", e => e.Ack?.Send("again"));

        // The typed overload, removed later with the delegate it was given.
        Func<string?, SocketIoAck?, Task> first = (_, ack) =>
        {
            ack?.Send("first handler");
            return Task.CompletedTask;
        };
        socket.On("removable", first);
        socket.On("removable", e => e.Ack?.Send("second handler"));
        socket.On("off-first", e => e.Ack?.Send(socket.Off("removable", first).Listeners("removable").Count));
        socket.On("off-all", e => e.Ack?.Send(socket.Off("removable").Listeners("removable").Count));
        socket.On("remove-all", e =>
        {
            socket.RemoveAllListeners();
            e.Ack?.Send(socket.Listeners("greet").Count, socket.Listeners("disconnect").Count, socket.ListenersAny().Count);
        });

        socket.On("emit-and-broadcast", async e =>
        {
            socket.Emit("direct", 1);
            await socket.Nsp.To(socket.Id).EmitAsync("broadcasted", 2);
            e.Ack?.Send(true);
        });
        socket.On("broadcast-many", async e =>
        {
            // Unawaited one by one, so the node's publisher may carry them to the sequencer, and each silo, in one batch.
            var room = e.Args.Get<string>(0)!;
            await Task.WhenAll(Enumerable.Range(0, e.Args.Get<int>(1)).Select(i => socket.Nsp.To(room).EmitAsync("many", i)).ToArray());
            e.Ack?.Send(true);
        });
        socket.On("volatile-burst", e =>
        {
            // The first finds the transport waiting and goes; it is still queued when the next come, so they are dropped.
            for (var i = 0; i < 5; i++)
            {
                socket.Volatile.Emit("burst", i);
            }

            e.Ack?.Send(true);
        });
        socket.On("ask-with-timeout", async e =>
        {
            try
            {
                var answer = await socket.Timeout(TimeSpan.FromMilliseconds(e.Args.Get<int>(0))).EmitWithAckAsync("question", "6*7?");
                e.Ack?.Send("answered", answer);
            }
            catch (TimeoutException)
            {
                e.Ack?.Send("timeout");
            }
        });
        socket.On("compress", e =>
        {
            socket.Compress(false).Emit("compressed", e.Args);
            socket.Send("a message");
            e.Ack?.Send(true);
        });
        socket.On("join", async e =>
        {
            await socket.JoinAsync(e.Args.Get<string>(0)!);
            e.Ack?.Send(true);
        });
        socket.On("in-room", async e =>
        {
            await socket.In(e.Args.Get<string>(0)!).EmitAsync("room-message", e.Args.Slice(1));
            e.Ack?.Send(true);
        });
        socket.On("local", async e =>
        {
            // Within a room of the test's own, so sockets other tests left behind do not count.
            var room = e.Args.Get<string>(0)!;
            var here = await socket.Nsp.To(room).Local.FetchSocketsAsync();
            await socket.To(room).Local.EmitAsync("local-news", socket.Id);
            e.Ack?.Send((object)here.Select(s => s.Id).Order().ToArray());
        });

        // Only the first ack of an event is sent, so the answer names the handler that ran first.
        socket.On("ordered", e => e.Ack?.Send("appended"));
        socket.PrependListener("ordered", e =>
        {
            e.Ack?.Send("prepended");
            return Task.CompletedTask;
        });
        socket.PrependOnceListener("ordered", e =>
        {
            e.Ack?.Send("prepended once");
            return Task.CompletedTask;
        });
        socket.On("event-names", e => e.Ack?.Send((object)socket.EventNames().ToArray()));

        socket.OnDisconnecting(reason =>
        {
            log.Enqueue($"disconnecting {reason} connected={socket.Connected} rooms={string.Join(",", socket.Rooms.Order())}");
            return Task.CompletedTask;
        });
        socket.OnDisconnect(reason =>
        {
            log.Enqueue($"disconnect {reason} connected={socket.Connected} rooms={string.Join(",", socket.Rooms.Order())}");
            return Task.CompletedTask;
        });
    }
}

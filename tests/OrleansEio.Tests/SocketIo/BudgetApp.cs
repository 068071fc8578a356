using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// A Socket.IO application for the budget and isolation tests, served by the fake-clock cluster with small
/// budgets (<see cref="Options"/>): handlers that block until a test releases them, that misuse the API on
/// purpose, and that fail on purpose.
/// </summary>
public static partial class BudgetApp
{
    public const string Path = "/sio-budget";

    /// <summary>The budgets the fake-clock cluster runs this app with.</summary>
    public static void Options(SocketIoOptions o)
    {
        o.ConnectTimeout = TimeSpan.FromSeconds(5);
        o.MaxRoomNameLength = 16;
        o.MaxRoomsPerSocket = 3;
        o.MaxNamespacesPerSession = 2;
        o.MaxConcurrentHandlers = 2;
        o.MaxPendingEvents = 8;
        o.MaxPendingEventBytes = 4096;
        o.MaxPendingAcks = 2;
    }

    /// <summary>How often the middleware of <c>/</c> ran, by session id.</summary>
    public static ConcurrentDictionary<string, int> MiddlewareRuns { get; } = new();

    /// <summary>The <c>hold</c> handlers that started, by session id, in order.</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<string>> Started { get; } = new();

    /// <summary>What a <c>hold</c> handler waits for, by <c>sid:tag</c>.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    /// <summary>Why each socket disconnected, by session id.</summary>
    public static ConcurrentDictionary<string, string> Disconnects { get; } = new();

    public static TaskCompletionSource Gate(string sid, string tag)
        => Gates.GetOrAdd(sid + ":" + tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public static void Configure(SocketIoServerBuilder io) => io
        .Namespace("/", ns => ns
            .Use(async (socket, next) =>
            {
                MiddlewareRuns.AddOrUpdate(socket.SessionId, 1, (_, n) => n + 1);

                // An await inside the middleware: a second CONNECT arriving meanwhile must not register a second socket.
                await Task.Yield();
                await next();
            })
            .OnConnection(OnConnection))
        .Namespace("/no-next", ns => ns.Use((_, _) => Task.CompletedTask).OnConnection(OnConnection))
        .Namespace("/mw-throw", ns => ns.Use((_, _) => throw new InvalidOperationException("internal detail: db password is hunter2")).OnConnection(OnConnection))
        .Namespace("/mw-join", ns => ns
            .Use(async (socket, next) =>
            {
                socket.Data["connected in middleware"] = socket.Connected;
                await socket.JoinAsync("vip");
                await next();
            })
            .OnConnection(OnConnection))
        .Namespace(Dynamic(), ns => ns.OnConnection(OnConnection));

    [GeneratedRegex("^/dyn-[0-9]+$")]
    private static partial Regex Dynamic();

    private static void OnConnection(ISocketIoSocket socket)
    {
        socket.On("echo", e => e.Ack?.Send(e.Args));
        socket.On("hold", async e =>
        {
            var tag = e.Args.GetStringOrNull(0)!;
            Started.GetOrAdd(socket.SessionId, _ => new()).Enqueue(tag);
            await Gate(socket.SessionId, tag).Task;
            e.Ack?.Send(tag);
        });
        socket.On("ask-client", async e =>
        {
            var answer = await socket.EmitWithAckAsync("question", TimeSpan.FromMinutes(10), e.Args);
            e.Ack?.Send(answer);
        });
        socket.On("join", async e =>
        {
            await socket.JoinAsync(e.Args.Get<string>(0)!);
            e.Ack?.Send(true);
        });
        socket.On("rooms", e => e.Ack?.Send(socket.Rooms.Count));
        socket.On("volatile", e =>
        {
            // Volatile first, so it finds the transport as the event found it.
            socket.Volatile.Emit("v", e.Args);
            e.Ack?.Send(true);
        });
        socket.On("volatile-broadcast", async e =>
        {
            // To a room of the test's own (the socket's id is longer than this app's room names), through the cluster;
            // then an ordinary one that arrives after it, as a marker.
            var room = e.Args.Get<string>(0)!;
            await socket.JoinAsync(room);
            await socket.Nsp.To(room).Volatile.EmitAsync("vb", e.Args.Get<int>(1));
            await socket.Nsp.To(room).EmitAsync("after", e.Args.Get<int>(1));
            e.Ack?.Send(true);
        });
        socket.On("data", e => e.Ack?.Send(socket.Data.TryGetValue(e.Args.GetStringOrNull(0)!, out var value) ? value : null));
        socket.On("ask-many", e =>
        {
            var asks = Enumerable.Range(0, e.Args.Get<int>(0)).Select(_ => Try(() => socket.EmitWithAckAsync("question", TimeSpan.FromMinutes(10)))).ToArray();
            foreach (var ask in asks.OfType<Task>())
            {
                // Unanswered questions fail when the session ends; observed so they are not unobserved task exceptions.
                ask.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }

            e.Ack?.Send(asks.Count(a => a is Task), asks.Count(a => a is SocketIoLimitExceededException));
        });
        socket.On("misuse", e => e.Ack?.Send(Misuse(socket, e.Args.GetStringOrNull(0)!)));
        socket.On("boom", e =>
        {
            // A handler that fails on the client's input (an argument error), or with a bug of its own.
            if (e.Args.GetStringOrNull(0) == "input")
            {
                throw new ArgumentException("boom expects something else");
            }

            throw new NullReferenceException("a bug in the handler");
        });
        socket.OnDisconnect(reason =>
        {
            Disconnects[socket.SessionId] = reason;
            return Task.CompletedTask;
        });
    }

    private static object Try(Func<object> call)
    {
        try
        {
            return call();
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>Calls the API with a bad argument and reports what it threw: the exception's type and message, or "none".</summary>
    private static string[] Misuse(ISocketIoSocket socket, string what)
    {
        Action call = what switch
        {
            "emit-null" => () => socket.Emit(null!),
            "emit-empty" => () => socket.Emit(""),
            "emit-reserved" => () => socket.Emit("disconnect"),
            "emit-with-ack-reserved" => () => socket.EmitWithAckAsync("connect", TimeSpan.FromSeconds(1)),
            "on-reserved" => () => socket.On("disconnect", _ => Task.CompletedTask),
            "on-null" => () => socket.On(null!, _ => Task.CompletedTask),
            "join-null" => () => socket.JoinAsync(null!),
            "join-empty" => () => socket.JoinAsync(""),
            "join-long" => () => socket.JoinAsync(new string('r', 17)),
            "leave-null" => () => socket.LeaveAsync(null!),
            "to-null" => () => socket.To(null!),
            "to-long" => () => socket.To(new string('r', 17)),
            "nsp-to-empty" => () => socket.Nsp.To(""),
            "nsp-except-null" => () => socket.Nsp.Except(null!),
            "nsp-emit-reserved" => () => socket.Nsp.EmitAsync("disconnecting"),
            "nsp-emit-null" => () => socket.Nsp.EmitAsync(null!),
            "nsp-sockets-join-null" => () => socket.Nsp.SocketsJoinAsync(null!),
            "nsp-sockets-leave-long" => () => socket.Nsp.SocketsLeaveAsync(new string('r', 17)),
            "join-ok" => () => socket.JoinAsync(new string('r', 16)),
            "once-reserved" => () => socket.Once("disconnecting", _ => Task.CompletedTask),
            "once-null" => () => socket.Once("x", (Func<SocketIoEvent, Task>)null!),
            "off-empty" => () => socket.Off(""),
            "listeners-null" => () => socket.Listeners(null!),
            "remove-all-empty" => () => socket.RemoveAllListeners(""),
            "on-any-null" => () => socket.OnAny(null!),
            "on-any-outgoing-null" => () => socket.OnAnyOutgoing(null!),
            "use-null" => () => socket.Use(null!),
            "on-disconnecting-null" => () => socket.OnDisconnecting(null!),
            "on-error-null" => () => socket.OnError(null!),
            "timeout-negative" => () => socket.Timeout(TimeSpan.FromSeconds(-1)),
            "emit-with-ack-negative-timeout" => () => socket.EmitWithAckAsync("x", TimeSpan.FromSeconds(-2)),
            "volatile-emit-reserved" => () => socket.Volatile.Emit("connect"),
            "timeout-emit-with-ack-reserved" => () => socket.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("disconnect"),
            "in-long" => () => socket.In(new string('r', 17)),
            "nsp-in-null" => () => socket.Nsp.In(null!),
            "local-emit-reserved" => () => socket.Local.EmitAsync("newListener"),
            _ => throw new InvalidOperationException("unknown misuse " + what),
        };

        try
        {
            call();
            return ["none", ""];
        }
        catch (Exception exception)
        {
            return [exception.GetType().Name, exception.Message];
        }
    }
}

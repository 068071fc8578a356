using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.SocketIo;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// Socket.IO v5 on an Engine.IO endpoint: runs inside each session grain. Handlers are started in the
/// order packets arrive and run on in the grain's context (as Node runs them on its event loop), so a
/// handler awaiting an ack or another grain never holds up the session's next packet.
/// </summary>
internal sealed partial class SocketIoApplication(
    string path,
    SocketIoServerBuilder definition,
    SocketIoOptions options,
    EngineIoClock clock,
    SocketIoSiloRouter router,
    IGrainFactory grains,
    ILogger<SocketIoApplication> logger) : IEngineIoApplication
{
    private static readonly JsonElement EmptyAuth = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly SocketIoAssemblerLimits _assemblerLimits = new(options.MaxAttachments, options.MaxAttachmentBytes);

    internal string Path { get; } = path;

    internal TimeProvider Clock => clock.TimeProvider;

    internal SocketIoSiloRouter Router => router;

    internal IGrainFactory Grains => grains;

    internal SocketIoOptions Options => options;

    public Task OnOpenAsync(IEngineIoSocket socket)
    {
        socket.State = new SocketIoSession(options);
        Run(socket, () => CloseIfNeverConnectedAsync(socket), "connect timeout");
        return Task.CompletedTask;
    }

    public Task OnMessageAsync(IEngineIoSocket socket, EngineIoMessage message)
    {
        var session = SocketIoSession.Of(socket);
        var assembler = session.Assembler ??= new SocketIoPacketAssembler(_assemblerLimits);
        var error = message.IsBinary
            ? assembler.TryAddBinary(message.Data!, out var packet)
            : assembler.TryAddText(message.Text ?? string.Empty, out packet);
        if (error != SocketDecodeError.None)
        {
            return Fail(socket, error);
        }

        if (packet is not null)
        {
            Dispatch(socket, session, packet);
        }

        return Task.CompletedTask;
    }

    public Task OnCloseAsync(IEngineIoSocket socket, string reason)
    {
        var session = SocketIoSession.Of(socket);
        session.Closed = true;
        var disconnectReason = SocketIoDisconnectReasons.FromEngine(reason);
        foreach (var connected in session.Sockets.Values.ToArray())
        {
            // One cleanup path per socket, each on its own: a socket that fails to leave cannot keep the others in their rooms.
            try
            {
                connected.OnDisconnected(disconnectReason);
            }
            catch (Exception exception)
            {
                Log.CleanupFailed(logger, exception, Path);
            }
        }

        foreach (var (kind, count) in session.Failures.Repeated())
        {
            Log.FailuresRepeated(logger, Path, kind, count);
        }

        return Task.CompletedTask;
    }

    public object? OnDehydrate(IEngineIoSocket socket)
    {
        var session = SocketIoSession.Of(socket);
        var moved = session.Sockets.Values.Select(s => s.Depart()).ToArray();
        return new SocketIoSessionMigration(session.EverConnected, [.. moved.Select(m => m.Socket)], [.. moved.Select(m => m.NextAckId)]);
    }

    public async Task OnRehydrateAsync(IEngineIoSocket engine, object? state)
    {
        var session = new SocketIoSession(options);
        engine.State = session;
        if (state is not SocketIoSessionMigration moved || !moved.EverConnected)
        {
            Run(engine, () => CloseIfNeverConnectedAsync(engine), "connect timeout");
            return;
        }

        session.EverConnected = true;
        for (var i = 0; i < moved.Sockets.Length; i++)
        {
            var ns = definition.Find(moved.Sockets[i].Namespace);
            if (ns is null)
            {
                continue;
            }

            var socket = SocketIoSocket.Arrive(this, engine, moved.Sockets[i], moved.NextAckIds[i]);
            session.Sockets[socket.Namespace] = socket;
            await RegisterAsync(router.AddSocket(socket.Key, engine.Id, socket.Id, moved.Sockets[i].Rooms), socket.Namespace);
            StartConnectionHandlers(engine, ns, socket);
        }
    }

    public async Task<object?> OnControlAsync(IEngineIoSocket socket, object command)
    {
        if (command is not SocketCommand c || !SocketIoSession.Of(socket).Sockets.TryGetValue(c.Namespace, out var target) || target.Id != c.SocketId)
        {
            return null;
        }

        try
        {
            switch (c.Kind)
            {
                case SocketCommandKind.Describe:
                    return target.Describe();
                case SocketCommandKind.Join:
                    await target.JoinAsync(c.Room!);
                    break;
                case SocketCommandKind.Leave:
                    await target.LeaveAsync(c.Room!);
                    break;
                case SocketCommandKind.Disconnect:
                case SocketCommandKind.DisconnectAndClose:
                    target.Disconnect(c.Kind == SocketCommandKind.DisconnectAndClose);
                    break;
            }
        }
        catch (Exception exception)
        {
            // A cluster-wide operation reaching a socket over its budget fails for that socket only, never for the caller's other targets.
            Failed(socket, "command " + c.Kind, exception);
        }

        return null;
    }

    /// <summary>Starts work in the grain's context without waiting for it; its failure is logged, never lost.</summary>
    internal void Run(IEngineIoSocket engine, Func<Task> work, string what)
    {
        Task task;
        try
        {
            task = work();
        }
        catch (Exception exception)
        {
            Failed(engine, what, exception);
            return;
        }

        if (!task.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(engine, task, what, counted: false);
        }
    }

    /// <summary>
    /// Runs a handler the client's packets started, counted against <see cref="SocketIoOptions.MaxConcurrentHandlers"/>:
    /// when it ends, a packet that waited for its slot is dispatched.
    /// </summary>
    internal void RunHandler(IEngineIoSocket engine, Func<Task> work, string what)
    {
        var gate = SocketIoSession.Of(engine).Handlers;
        gate.Started();
        Task task;
        try
        {
            task = work();
        }
        catch (Exception exception)
        {
            Failed(engine, what, exception);
            HandlerEnded(engine);
            return;
        }

        if (task.IsCompleted)
        {
            if (task.IsFaulted)
            {
                Failed(engine, what, task.Exception!.GetBaseException());
            }

            HandlerEnded(engine);
            return;
        }

        _ = ObserveAsync(engine, task, what, counted: true);
    }

    /// <summary>The socket leaves the session and the router, whatever happened before.</summary>
    internal void Forget(IEngineIoSocket engine, SocketIoSocket socket)
    {
        try
        {
            var sockets = SocketIoSession.Of(engine).Sockets;
            if (sockets.TryGetValue(socket.Namespace, out var current) && ReferenceEquals(current, socket))
            {
                sockets.Remove(socket.Namespace);
            }
        }
        finally
        {
            router.RemoveSocket(socket.Key, socket.Id);
        }
    }

    /// <summary>Packets are handled in arrival order; when every handler slot is taken they wait, within the session's budget.</summary>
    internal void Dispatch(IEngineIoSocket engine, SocketIoSession session, SocketPacket packet)
    {
        if (session.Closed)
        {
            return;
        }

        if (packet.Type is SocketPacketType.Ack or SocketPacketType.BinaryAck)
        {
            // Acks never wait: the handlers holding the slots may be the ones awaiting them.
            if (session.Sockets.TryGetValue(packet.Namespace, out var acked))
            {
                acked.HandleAck(packet);
            }

            return;
        }

        if (session.Handlers.MustWait)
        {
            if (!session.Handlers.TryWait(packet))
            {
                Overflow(engine, session);
            }

            return;
        }

        DispatchNow(engine, session, packet);
    }

    /// <summary>A session holding more received packets than its budget allows is closed: it is not reading, or not waiting.</summary>
    internal void Overflow(IEngineIoSocket engine, SocketIoSession session)
    {
        if (session.Closed)
        {
            return;
        }

        session.Closed = true;
        Log.PendingOverflow(logger, Path, options.MaxPendingEvents, options.MaxPendingEventBytes);
        engine.Close(SocketIoDisconnectReasons.TooManyPendingEvents);
    }

    /// <summary>Counts a failure of this session; the first of its kind is logged, without a stack trace when the client's input caused it.</summary>
    internal void Failed(IEngineIoSocket engine, string what, Exception exception)
    {
        var clientInput = IsClientInput(exception);
        var kind = LogText.Escape(what, 64) + ": " + exception.GetType().Name;
        if (engine.State is SocketIoSession session && !session.Failures.First(kind))
        {
            return;
        }

        if (clientInput)
        {
            Log.HandlerRefused(logger, Path, kind, LogText.Escape(exception.Message, 256));
        }
        else
        {
            Log.HandlerFailed(logger, exception, Path, kind);
        }
    }

    /// <summary>Exceptions that a client's arguments cause in a correct handler: the app's business, logged without a stack trace.</summary>
    private static bool IsClientInput(Exception exception) => exception is ArgumentException or System.Text.Json.JsonException or FormatException
        or InvalidCastException or IndexOutOfRangeException or SocketIoLimitExceededException or TimeoutException;

    private void DispatchNow(IEngineIoSocket engine, SocketIoSession session, SocketPacket packet)
    {
        if (packet.Type == SocketPacketType.Connect)
        {
            RunHandler(engine, () => ConnectAsync(engine, session, packet), "connect");
            return;
        }

        // Packets for a namespace the client is not connected to are dropped, as the reference server does.
        if (!session.Sockets.TryGetValue(packet.Namespace, out var socket))
        {
            return;
        }

        switch (packet.Type)
        {
            case SocketPacketType.Disconnect:
                socket.OnDisconnected(SocketIoDisconnectReasons.ClientNamespaceDisconnect);
                break;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent:
                socket.HandleEvent(packet);
                break;
        }
    }

    private void HandlerEnded(IEngineIoSocket engine)
    {
        var session = SocketIoSession.Of(engine);
        session.Handlers.Finished();
        if (session.Pumping)
        {
            return;
        }

        session.Pumping = true;
        try
        {
            while (!session.Closed && session.Handlers.TryNext(out var next))
            {
                DispatchNow(engine, session, next);
            }
        }
        finally
        {
            session.Pumping = false;
        }
    }

    private async Task ConnectAsync(IEngineIoSocket engine, SocketIoSession session, SocketPacket packet)
    {
        var nsp = packet.Namespace;
        if (session.Sockets.ContainsKey(nsp) || !session.Connecting.Add(nsp))
        {
            return;
        }

        SocketIoNamespaceBuilder? ns;
        SocketIoSocket socket;
        try
        {
            ns = definition.Find(nsp);
            if (ns is null)
            {
                engine.Send(SocketIoEncoder.ConnectError(nsp, "Invalid namespace", null));
                return;
            }

            if (session.Sockets.Count + session.Connecting.Count > options.MaxNamespacesPerSession)
            {
                if (session.Failures.First(nameof(SocketIoOptions.MaxNamespacesPerSession)))
                {
                    Log.NamespaceBudget(logger, Path, options.MaxNamespacesPerSession);
                }

                engine.Send(SocketIoEncoder.ConnectError(nsp, "Too many namespaces", null));
                return;
            }

            socket = new SocketIoSocket(this, engine, nsp, SessionIds.New(), new SocketIoHandshake(engine.Handshake, packet.Data ?? EmptyAuth));
            try
            {
                await RunMiddlewareAsync(ns.Middleware, socket, 0);
            }
            catch (SocketIoConnectionRefusedException refused)
            {
                engine.Send(SocketIoEncoder.ConnectError(nsp, refused.Message, refused.Payload));
                return;
            }
            catch (Exception exception)
            {
                Failed(engine, "middleware of " + nsp, exception);
                engine.Send(SocketIoEncoder.ConnectError(nsp, exception.Message, null));
                return;
            }
        }
        finally
        {
            session.Connecting.Remove(nsp);
        }

        if (session.Closed)
        {
            return;
        }

        // Membership is recorded at once, so a close from here on finds the socket and takes it out of the router.
        session.Sockets[nsp] = socket;
        session.EverConnected = true;
        await RegisterAsync(router.AddSocket(socket.Key, engine.Id, socket.Id), nsp);
        if (!socket.Connected)
        {
            return;
        }

        engine.Send(SocketIoEncoder.Connect(nsp, socket.Id));

        // The connection handlers' first emits follow the CONNECT ack in a later write, as with the
        // reference server (engine.io flushes the next packets on "drain"): clients that attach their next
        // listener after awaiting the ack would otherwise miss what arrives in the same read. A client that
        // never collects the ack has not really connected: its session is closed after ConnectTimeout.
        try
        {
            await engine.WhenDrainedAsync().WaitAsync(options.ConnectTimeout, clock.TimeProvider);
        }
        catch (TimeoutException)
        {
            Log.ConnectAckNotCollected(logger, Path, options.ConnectTimeout);
            session.Closed = true;
            engine.Close(SocketIoDisconnectReasons.ConnectTimeout);
            return;
        }

        if (socket.Connected)
        {
            StartConnectionHandlers(engine, ns, socket);
        }
    }

    /// <summary>Waits until the namespace directory knows this silo; if it cannot be reached now, the router's refresh retries.</summary>
    private async Task RegisterAsync(Task registration, string nsp)
    {
        try
        {
            await registration;
        }
        catch (Exception exception)
        {
            Log.RegistrationFailed(logger, Path, LogText.Escape(nsp), exception.GetType().Name);
        }
    }

    private void StartConnectionHandlers(IEngineIoSocket engine, SocketIoNamespaceBuilder ns, SocketIoSocket socket)
    {
        foreach (var handler in ns.ConnectionHandlers)
        {
            RunHandler(engine, () => handler(socket), "connection");
        }

        socket.OnHandlersRegistered();
    }

    private static Task RunMiddlewareAsync(List<SocketIoMiddleware> middleware, ISocketIoSocket socket, int index)
        => index == middleware.Count ? Task.CompletedTask : middleware[index](socket, () => RunMiddlewareAsync(middleware, socket, index + 1));

    private async Task CloseIfNeverConnectedAsync(IEngineIoSocket engine)
    {
        await Task.Delay(options.ConnectTimeout, clock.TimeProvider);
        if (!SocketIoSession.Of(engine).EverConnected)
        {
            engine.Close(SocketIoDisconnectReasons.ConnectTimeout);
        }
    }

    private Task Fail(IEngineIoSocket socket, SocketDecodeError error)
    {
        Log.ParseError(logger, Path, error);
        socket.Close(SocketIoDisconnectReasons.ParseError);
        return Task.CompletedTask;
    }

    private async Task ObserveAsync(IEngineIoSocket engine, Task task, string what, bool counted)
    {
        try
        {
            await task;
        }
        catch (Exception exception)
        {
            Failed(engine, what, exception);
        }
        finally
        {
            if (counted)
            {
                HandlerEnded(engine);
            }
        }
    }
}

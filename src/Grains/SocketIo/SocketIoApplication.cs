using System.Text.Json;
using Microsoft.Extensions.Logging;
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

    public Task OnOpenAsync(IEngineIoSocket socket)
    {
        socket.State = new SocketIoSession();
        Run(() => CloseIfNeverConnectedAsync(socket), "connect timeout");
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
        var disconnectReason = SocketIoDisconnectReasons.FromEngine(reason);
        foreach (var connected in SocketIoSession.Of(socket).Sockets.Values.ToArray())
        {
            connected.OnDisconnected(disconnectReason);
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
        var session = new SocketIoSession();
        engine.State = session;
        if (state is not SocketIoSessionMigration moved || !moved.EverConnected)
        {
            Run(() => CloseIfNeverConnectedAsync(engine), "connect timeout");
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
            await router.AddSocketAsync(Path, socket.Namespace, engine.Id, socket.Id);
            foreach (var room in socket.Rooms)
            {
                router.Join(Path, socket.Namespace, socket.Id, room);
            }

            StartConnectionHandlers(ns, socket);
        }
    }

    public async Task<object?> OnControlAsync(IEngineIoSocket socket, object command)
    {
        if (command is not SocketCommand c || !SocketIoSession.Of(socket).Sockets.TryGetValue(c.Namespace, out var target) || target.Id != c.SocketId)
        {
            return null;
        }

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

        return null;
    }

    /// <summary>Starts work in the grain's context without waiting for it; its failure is logged, never lost.</summary>
    internal void Run(Func<Task> work, string what)
    {
        Task task;
        try
        {
            task = work();
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(logger, exception, Path, what);
            return;
        }

        if (!task.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(task, what);
        }
    }

    internal void Forget(IEngineIoSocket engine, SocketIoSocket socket)
    {
        var sockets = SocketIoSession.Of(engine).Sockets;
        if (sockets.TryGetValue(socket.Namespace, out var current) && ReferenceEquals(current, socket))
        {
            sockets.Remove(socket.Namespace);
        }

        router.RemoveSocket(Path, socket.Namespace, socket.Id);
    }

    private void Dispatch(IEngineIoSocket engine, SocketIoSession session, SocketPacket packet)
    {
        if (packet.Type == SocketPacketType.Connect)
        {
            Run(() => ConnectAsync(engine, session, packet), "connect");
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
            case SocketPacketType.Ack or SocketPacketType.BinaryAck:
                socket.HandleAck(packet);
                break;
        }
    }

    private async Task ConnectAsync(IEngineIoSocket engine, SocketIoSession session, SocketPacket packet)
    {
        var nsp = packet.Namespace;
        if (session.Sockets.ContainsKey(nsp))
        {
            return;
        }

        var ns = definition.Find(nsp);
        if (ns is null)
        {
            engine.Send(SocketIoEncoder.ConnectError(nsp, "Invalid namespace", null));
            return;
        }

        var socket = new SocketIoSocket(this, engine, nsp, SessionIds.New(), new SocketIoHandshake(engine.Handshake, packet.Data ?? EmptyAuth));
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
            Log.MiddlewareFailed(logger, exception, Path, nsp);
            engine.Send(SocketIoEncoder.ConnectError(nsp, exception.Message, null));
            return;
        }

        session.Sockets[nsp] = socket;
        session.EverConnected = true;
        await router.AddSocketAsync(Path, nsp, engine.Id, socket.Id);
        engine.Send(SocketIoEncoder.Connect(nsp, socket.Id));

        // The connection handlers' first emits follow the CONNECT ack in a later write, as with the
        // reference server (engine.io flushes the next packets on "drain"): clients that attach their next
        // listener after awaiting the ack would otherwise miss what arrives in the same read.
        await engine.WhenDrainedAsync();
        StartConnectionHandlers(ns, socket);
    }

    private void StartConnectionHandlers(SocketIoNamespaceBuilder ns, SocketIoSocket socket)
    {
        foreach (var handler in ns.ConnectionHandlers)
        {
            Run(() => handler(socket), "connection");
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
            engine.Close("connect timeout");
        }
    }

    private Task Fail(IEngineIoSocket socket, SocketDecodeError error)
    {
        Log.ParseError(logger, socket.Id, error);
        socket.Close(SocketIoDisconnectReasons.ParseError);
        return Task.CompletedTask;
    }

    private async Task ObserveAsync(Task task, string what)
    {
        try
        {
            await task;
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(logger, exception, Path, what);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(321, LogLevel.Information, "Session {Sid} sent a malformed Socket.IO packet ({Error}); closing it")]
        public static partial void ParseError(ILogger logger, string sid, SocketDecodeError error);

        [LoggerMessage(322, LogLevel.Error, "Socket.IO handler for {What} failed on {Path}")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string path, string what);

        [LoggerMessage(323, LogLevel.Warning, "Socket.IO middleware of {Path}{Namespace} failed; the connection was refused")]
        public static partial void MiddlewareFailed(ILogger logger, Exception exception, string path, string @namespace);
    }
}

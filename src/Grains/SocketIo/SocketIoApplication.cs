using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
    SocketIoPublisher publisher,
    IGrainFactory grains,
    IServiceProvider services,
    SocketIoMetrics metrics,
    ILogger<SocketIoApplication> logger) : IEngineIoApplication, IEngineIoCommandHandler
{
    private static readonly JsonElement EmptyAuth = JsonDocument.Parse("{}").RootElement.Clone();

    internal string Path { get; } = path;

    internal TimeProvider Clock => clock.TimeProvider;

    internal SocketIoSiloRouter Router => router;

    /// <summary>The wire format of this path: every packet in and out of its sessions goes through it.</summary>
    internal ISocketIoParser Parser => definition.Parser;

    internal IGrainFactory Grains => grains;

    internal SocketIoPublisher Publisher => publisher;

    /// <summary>Where recoverable sockets and the broadcast log live (connection state recovery on).</summary>
    internal ISocketIoRecoveryStore RecoveryStore => _store ??= services.GetRequiredService<ISocketIoRecoveryStore>();

    private ISocketIoRecoveryStore? _store;

    internal SocketIoOptions Options => options;

    internal SocketIoMetrics Metrics => metrics;

    /// <summary>The running figures of namespace <paramref name="nsp"/>, under the name it was declared with.</summary>
    internal NamespaceCounters CountersOf(string nsp) => metrics.For(Path, definition.Find(nsp)?.Label ?? nsp);

    public Task OnOpenAsync(IEngineIoSocket socket)
    {
        socket.State = new SocketIoSession(options);
        Run(socket, () => CloseIfNeverConnectedAsync(socket), "connect timeout");
        return Task.CompletedTask;
    }

    public Task OnMessageAsync(IEngineIoSocket socket, EngineIoMessage message)
    {
        var session = SocketIoSession.Of(socket);
        var decoder = session.Decoder ??= Parser.CreateDecoder(options);
        var error = decoder.TryAdd(message, out var packet);
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
        var sockets = session.Sockets.Values.ToArray();
        var recovery = sockets.Select(s => s.Recovery).ToArray();
        var moved = sockets.Select(s => s.Depart()).ToArray();
        return new SocketIoSessionMigration(
            session.EverConnected,
            [.. moved.Select(m => m.Socket)],
            [.. moved.Select(m => m.NextAckId)],
            [.. recovery.Select(r => r?.Pid)],
            [.. recovery.Select(r => r?.Delivered ?? SocketIoOffset.None)]);
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
            var pid = i < moved.Pids.Length ? moved.Pids[i] : null;
            if (pid is not null && options.ConnectionStateRecovery.Enabled)
            {
                socket.Recoverable(pid, moved.Delivered[i]).Recovery!.Hold();
            }

            session.Sockets[socket.Namespace] = socket;
            await RegisterAsync(router.AddSocket(socket.Key, engine.Id, socket.Id, moved.Sockets[i].Rooms, socket.Recovery?.Pid), socket.Namespace);
            if (socket.Recovery is { } recovery)
            {
                // What was broadcast while it moved reached neither silo's router: it is in the log.
                await CatchUpAsync(engine, socket, recovery.Delivered);
            }

            StartConnectionHandlers(engine, ns, socket);
        }
    }

    public async Task<object?> OnControlAsync(IEngineIoSocket socket, object command)
    {
        if (command is SocketIoDelivery delivery)
        {
            if (SocketIoSession.Of(socket).Sockets.TryGetValue(delivery.Namespace, out var receiver) && receiver.Id == delivery.SocketId)
            {
                receiver.Receive(delivery.Broadcasts);
            }

            return null;
        }

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
                case SocketCommandKind.Supersede:
                    target.Supersede();
                    if (SocketIoSession.Of(socket).Sockets.Count == 0)
                    {
                        // Its client came back through another session: nothing here is used any more.
                        socket.Close();
                    }

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

    private Task Fail(IEngineIoSocket socket, SocketDecodeError error)
    {
        if (BudgetOf(error) is { } budget)
        {
            metrics.Rejected(budget);
        }

        Log.ParseError(logger, Path, error);

        // As socket.io: every socket of the connection hears "error", then the connection closes.
        var failure = new FormatException($"The client sent a packet the parser refuses ({error}); the session closes.");
        foreach (var connected in SocketIoSession.Of(socket).Sockets.Values.ToArray())
        {
            connected.RaiseError(failure, "parse error", logUnhandled: false);
        }

        socket.Close(SocketIoDisconnectReasons.ParseError);
        return Task.CompletedTask;
    }

    /// <summary>The decoding errors that are a budget's refusal rather than malformed input.</summary>
    private static string? BudgetOf(SocketDecodeError error) => error switch
    {
        SocketDecodeError.AttachmentsTooLarge => "SocketIo:MaxAttachmentBytes",
        SocketDecodeError.TooLarge => "SocketIo:MsgPack:MaxBytes",
        SocketDecodeError.TooDeep => "SocketIo:MsgPack:MaxDepth",
        SocketDecodeError.TooManyElements => "SocketIo:MsgPack:MaxElements",
        _ => null,
    };
}

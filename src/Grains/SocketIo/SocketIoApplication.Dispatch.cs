using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// Dispatch of received packets within the session's handler budget (<see cref="HandlerGate"/>), and the one
/// place where handler failures are counted and logged.
/// </summary>
internal sealed partial class SocketIoApplication
{
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
            router.RemoveSocket(socket.Key, socket.Id, engine.Id);
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
        metrics.Rejected(session.Handlers.Held >= options.MaxPendingEvents ? "SocketIo:MaxPendingEvents" : "SocketIo:MaxPendingEventBytes");
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

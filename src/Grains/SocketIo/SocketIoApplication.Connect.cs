using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;
using OrleansEio.Protocol.SocketIo;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>Connecting a namespace: middleware, registration (race-free), the CONNECT ack and its drain, the connection handlers.</summary>
internal sealed partial class SocketIoApplication
{
    /// <summary>What the client hears when a middleware throws anything but <see cref="SocketIoConnectionRefusedException"/>.</summary>
    internal const string InternalErrorMessage = "Internal server error";

    private async Task ConnectAsync(IEngineIoSocket engine, SocketIoSession session, SocketPacket packet)
    {
        var nsp = packet.Namespace;
        if (session.Sockets.ContainsKey(nsp) || !session.Connecting.Add(nsp))
        {
            return;
        }

        SocketIoNamespaceBuilder? ns;
        SocketIoSocket socket;
        Recovering? recovering;
        try
        {
            ns = definition.Find(nsp);
            if (ns is null)
            {
                metrics.ConnectFailed(Path, null, "invalid_namespace");
                engine.Send(SocketIoEncoder.ConnectError(Parser, nsp, "Invalid namespace", null));
                return;
            }

            if (session.Sockets.Count + session.Connecting.Count > options.MaxNamespacesPerSession)
            {
                if (session.Failures.First(nameof(SocketIoOptions.MaxNamespacesPerSession)))
                {
                    Log.NamespaceBudget(logger, Path, options.MaxNamespacesPerSession);
                }

                metrics.Rejected("SocketIo:MaxNamespacesPerSession");
                metrics.ConnectFailed(Path, ns.Label, "too_many_namespaces");
                engine.Send(SocketIoEncoder.ConnectError(Parser, nsp, "Too many namespaces", null));
                return;
            }

            var handshake = new SocketIoHandshake(engine.Handshake, packet.Data ?? EmptyAuth);
            recovering = options.ConnectionStateRecovery.Enabled ? await TakeRecoverableAsync(engine, nsp, packet.Data) : null;
            socket = recovering is { } found
                ? new SocketIoSocket(this, engine, nsp, found.Snapshot.SocketId, handshake, recovered: true).Recover(found)
                : new SocketIoSocket(this, engine, nsp, SessionIds.New(), handshake);
            if (recovering is null && options.ConnectionStateRecovery.Enabled)
            {
                socket.Recoverable(SessionIds.New());
            }

            try
            {
                if (recovering is not null && options.ConnectionStateRecovery.SkipMiddlewares)
                {
                    // It passed the middleware when it first connected.
                }
                else if (!await RunMiddlewareAsync(ns.Middleware, socket))
                {
                    // As with Node: a chain that never calls next() connects nothing; the connect timeout closes an unconnected session.
                    if (session.Failures.First("middleware without next"))
                    {
                        Log.MiddlewareWithoutNext(logger, Path, LogText.Escape(nsp));
                    }

                    return;
                }
            }
            catch (SocketIoConnectionRefusedException refused)
            {
                metrics.ConnectFailed(Path, ns.Label, "refused");
                engine.Send(SocketIoEncoder.ConnectError(Parser, nsp, refused.Message, refused.Payload));
                return;
            }
            catch (Exception exception)
            {
                // Only a refusal's own message goes to the client: another exception's may carry internals.
                Failed(engine, "middleware of " + nsp, exception);
                metrics.ConnectFailed(Path, ns.Label, "internal_error");
                engine.Send(SocketIoEncoder.ConnectError(Parser, nsp, InternalErrorMessage, null));
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

        // Membership is recorded at once, rooms joined in the middleware included, so a close from here on finds
        // the socket and takes it out of the router.
        session.Sockets[nsp] = socket;
        session.EverConnected = true;
        if (recovering is not null)
        {
            // Events from the routers wait while the missed ones are replayed; the session that held the socket lets go first.
            socket.Recovery!.Hold();
            await SupersedeAsync(recovering, socket);
        }

        var claimed = socket.Recovery?.ClaimAsync() ?? Task.CompletedTask;
        await RegisterAsync(router.AddSocket(socket.Key, engine.Id, socket.Id, socket.OnAccepted(), socket.Recovery?.Pid), nsp);
        await claimed;
        if (!socket.Connected)
        {
            return;
        }

        if (recovering is not null)
        {
            // As socket.io does: the missed events go before the CONNECT reply; the client hands them over right after "connect".
            await ReplayAsync(engine, socket, recovering);
        }

        engine.Send(SocketIoEncoder.Connect(Parser, nsp, socket.Id, socket.Recovery?.Pid));
        socket.Recovery?.Release();
        metrics.Connected(socket.Counters);

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
            RunHandler(engine, socket.Recovery is null ? () => handler(socket) : () => socket.CheckpointAfterAsync(handler(socket)), "connection");
        }

        socket.OnHandlersRegistered();
    }

    /// <summary>Runs the chain; true when it reached its end (every middleware called <c>next</c>).</summary>
    private static async Task<bool> RunMiddlewareAsync(List<SocketIoMiddleware> middleware, ISocketIoSocket socket)
    {
        var reached = false;
        await Next(0);
        return reached;

        Task Next(int index)
        {
            if (index < middleware.Count)
            {
                return middleware[index](socket, () => Next(index + 1));
            }

            reached = true;
            return Task.CompletedTask;
        }
    }

    private async Task CloseIfNeverConnectedAsync(IEngineIoSocket engine)
    {
        await Task.Delay(options.ConnectTimeout, clock.TimeProvider);
        if (!SocketIoSession.Of(engine).EverConnected)
        {
            engine.Close(SocketIoDisconnectReasons.ConnectTimeout);
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// Connection state recovery at CONNECT, as socket.io 4.8 does it: a CONNECT whose auth carries a string <c>pid</c> and a
/// string <c>offset</c> gets its socket back (id, rooms, <c>Data</c>) and, before the CONNECT reply, every logged event after
/// <c>offset</c> that was meant for its rooms. An unknown or expired pid, or an offset no longer in the log, connects a
/// fresh socket and touches nothing else.
/// </summary>
internal sealed partial class SocketIoApplication
{
    /// <summary>How long a recovering socket waits for the session that held it to let go (a dead silo's session answers at once).</summary>
    private static readonly TimeSpan SupersedeBound = TimeSpan.FromSeconds(2);

    /// <summary>A recovery under way: the snapshot taken from the store, the client's offset, and the logged events after it.</summary>
    internal sealed record Recovering(string Pid, SocketIoOffset Offset, RecoverableSocket Snapshot, SequencedBroadcast[] Missed);

    /// <summary>Takes the snapshot a CONNECT asks for (a pid recovers once); null when this CONNECT connects a fresh socket.</summary>
    private async Task<Recovering?> TakeRecoverableAsync(IEngineIoSocket engine, string nsp, JsonElement? auth)
    {
        // socket.io-client sends both as strings; a pid is ours only if it is as long as ours at most.
        if (auth is not { ValueKind: JsonValueKind.Object } fields
            || !fields.TryGetProperty("pid", out var pidField) || pidField.ValueKind != JsonValueKind.String
            || !fields.TryGetProperty("offset", out var offsetField) || offsetField.ValueKind != JsonValueKind.String
            || pidField.GetString() is not { Length: > 0 and <= 64 } pid
            || !SocketIoOffset.TryParse(offsetField.GetString(), out var offset))
        {
            return null;
        }

        try
        {
            var snapshot = await RecoveryStore.TakeAsync(pid);
            if (snapshot is null || snapshot.Path != Path || snapshot.Namespace != nsp)
            {
                Log.NotRecovered(logger, Path, "unknown or expired pid");
                return null;
            }

            var missed = await RecoveryStore.ReadAfterAsync(new SocketIoNamespaceKey(Path, nsp), offset);
            if (missed is null)
            {
                Log.NotRecovered(logger, Path, "offset not in the log");
                return null;
            }

            return new Recovering(pid, offset, snapshot, missed);
        }
        catch (Exception exception)
        {
            Failed(engine, "connection state recovery", exception);
            return null;
        }
    }

    /// <summary>The session that held the socket (its gateway died, or its silo) drops it without touching the snapshot.</summary>
    private async Task SupersedeAsync(Recovering recovering, SocketIoSocket socket)
    {
        if (recovering.Snapshot.Holder == socket.SessionId)
        {
            return;
        }

        try
        {
            await grains.GetGrain<IEngineIoSessionGrain>(recovering.Snapshot.Holder)
                .Control(new SocketCommand(SocketCommandKind.Supersede, socket.Namespace, socket.Id, null))
                .WaitAsync(SupersedeBound);
        }
        catch (Exception exception)
        {
            Log.SupersedeFailed(logger, Path, exception.GetType().Name);
        }
    }

    /// <summary>The missed events, then what was logged while they were read, in log order; the router's events wait behind them.</summary>
    private async Task ReplayAsync(IEngineIoSocket engine, SocketIoSocket socket, Recovering recovering)
    {
        var recovery = socket.Recovery!;
        recovery.Replay(recovering.Missed);
        var read = recovering.Missed.Length > 0 ? recovering.Missed[^1].Offset : recovering.Offset;
        await CatchUpFromAsync(engine, socket, read);
    }

    /// <summary>A socket whose router knew nothing of it for a while (it was moving) gets what the log has after <paramref name="from"/>.</summary>
    private async Task CatchUpAsync(IEngineIoSocket engine, SocketIoSocket socket, SocketIoOffset from)
    {
        if (!from.IsNone)
        {
            await CatchUpFromAsync(engine, socket, from);
        }

        socket.Recovery!.Release();
    }

    private async Task CatchUpFromAsync(IEngineIoSocket engine, SocketIoSocket socket, SocketIoOffset from)
    {
        try
        {
            if (await RecoveryStore.ReadAfterAsync(socket.Key, from) is { } logged)
            {
                socket.Recovery!.Replay(logged);
            }
        }
        catch (Exception exception)
        {
            Failed(engine, "connection state recovery", exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(338, LogLevel.Debug, "A socket of {Path} was not recovered ({Why}); it connects as a new one")]
        public static partial void NotRecovered(ILogger logger, string path, string why);

        [LoggerMessage(339, LogLevel.Information, "The session that held a recovered socket of {Path} did not let go in time ({Error}); the socket was recovered anyway")]
        public static partial void SupersedeFailed(ILogger logger, string path, string error);
    }
}

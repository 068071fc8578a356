using System.Runtime.InteropServices;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// One session's handler budget: how many handlers run at once, and what the session holds meanwhile. Packets
/// that find every slot taken wait here in arrival order; they and the events that arrived before their
/// socket's connection handlers ran share one bound (count and bytes). Used only from the session's context.
/// </summary>
internal sealed class HandlerGate(int maxRunning, int maxHeld, long maxHeldBytes)
{
    private readonly Queue<(SocketPacket Packet, long Bytes)> _waiting = new();

    public int Running { get; private set; }

    public int Held { get; private set; }

    public long HeldBytes { get; private set; }

    /// <summary>A packet that arrives now must wait: every slot is taken, or earlier packets are waiting.</summary>
    public bool MustWait => Running >= maxRunning || _waiting.Count > 0;

    /// <summary>Counts a packet as held; false when that would cross the bound (the session is then closed).</summary>
    public bool TryHold(long bytes)
    {
        if (Held >= maxHeld || HeldBytes + bytes > maxHeldBytes)
        {
            return false;
        }

        Held++;
        HeldBytes += bytes;
        return true;
    }

    public void Release(long bytes)
    {
        Held--;
        HeldBytes -= bytes;
    }

    public bool TryWait(SocketPacket packet)
    {
        var bytes = SizeOf(packet);
        if (!TryHold(bytes))
        {
            return false;
        }

        _waiting.Enqueue((packet, bytes));
        return true;
    }

    /// <summary>The next waiting packet, when a slot is free.</summary>
    public bool TryNext(out SocketPacket packet)
    {
        if (Running >= maxRunning || !_waiting.TryDequeue(out var next))
        {
            packet = null!;
            return false;
        }

        Release(next.Bytes);
        packet = next.Packet;
        return true;
    }

    public void Started() => Running++;

    public void Finished() => Running--;

    /// <summary>
    /// What a held packet costs: its data as the server holds it, JSON text in UTF-8 (as received from the JSON parser; the
    /// msgpack parser's decoded form, binary values as placeholders), and its attachments. So one packet costs the same
    /// whichever format it arrived in, and the count follows the memory the session holds, not the wire size.
    /// </summary>
    public static long SizeOf(SocketPacket packet)
    {
        long bytes = packet.Data is { } data ? JsonMarshal.GetRawUtf8Value(data).Length : 0;
        foreach (var attachment in packet.Attachments)
        {
            bytes += attachment.Length;
        }

        return bytes;
    }
}

using System.Text;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions.State;

/// <summary>
/// The session's packets waiting for the client, in emission order, bounded by their exact size in bytes
/// (a text packet: its type digit and its UTF-8 data; a binary one: its bytes), as they leave on a WebSocket.
/// </summary>
[GenerateSerializer, Alias("OrleansEio.Outbox")]
internal sealed class Outbox(long maxBytes)
{
    [Id(0)] private readonly long _maxBytes = maxBytes;
    [Id(1)] private readonly Queue<(EnginePacket Packet, int Bytes)> _packets = new();
    [Id(2)] private long _bytes;

    public int Count => _packets.Count;

    public bool IsEmpty => _packets.Count == 0;

    /// <summary>Bytes queued now.</summary>
    public long Bytes => _bytes;

    /// <summary>Packets ever queued: a drain waiter waits until <see cref="Taken"/> reaches the value it saw.</summary>
    [Id(3)]
    public long Added { get; private set; }

    /// <summary>Packets ever handed to a transport.</summary>
    [Id(4)]
    public long Taken { get; private set; }

    /// <summary>False when the packet would cross the bound; nothing is queued then.</summary>
    public bool TryAdd(in EnginePacket packet)
    {
        var size = SizeOf(packet);
        if (_bytes + size > _maxBytes)
        {
            return false;
        }

        Enqueue(packet, size);
        return true;
    }

    /// <summary>Adds past the bound: for the final close packet, which must never be refused.</summary>
    public void AddFinal(in EnginePacket packet) => Enqueue(packet, SizeOf(packet));

    /// <summary>
    /// The packets of one WebSocket pull: as many, in order, as add up to <paramref name="maxBytes"/>; the first always
    /// goes, however large. A gateway holds what one pull hands it until the client has taken it, so this bounds that too.
    /// </summary>
    public EnginePacket[] TakeFrames(long maxBytes) => Take(CountFitting(maxBytes, base64Binary: false));

    /// <summary>
    /// The packets of one long-polling answer: as many, in order, as fit in <paramref name="maxPayloadBytes"/> once
    /// encoded (binary as base64, separators included); the first always goes, however large. The rest waits for the next GET.
    /// </summary>
    public EnginePacket[] TakePayload(long maxPayloadBytes) => Take(CountFitting(maxPayloadBytes, base64Binary: true));

    private int CountFitting(long maxBytes, bool base64Binary)
    {
        var count = 0;
        long total = 0;
        foreach (var (packet, bytes) in _packets)
        {
            var encoded = base64Binary
                ? (count > 0 ? 1 : 0) + (packet.IsBinary ? 1 + ((bytes + 2) / 3 * 4L) : bytes)
                : bytes;
            if (count > 0 && total + encoded > maxBytes)
            {
                break;
            }

            total += encoded;
            count++;
        }

        return count;
    }

    public void Clear()
    {
        Taken += _packets.Count;
        _packets.Clear();
        _bytes = 0;
    }

    /// <summary>The packet's exact size on a WebSocket: type digit plus UTF-8 text, or the binary bytes.</summary>
    public static int SizeOf(in EnginePacket packet)
        => packet.IsBinary ? packet.Binary!.Length : 1 + Encoding.UTF8.GetByteCount(packet.Text ?? string.Empty);

    private void Enqueue(in EnginePacket packet, int size)
    {
        _packets.Enqueue((packet, size));
        _bytes += size;
        Added++;
    }

    private EnginePacket[] Take(int count)
    {
        var taken = new EnginePacket[count];
        for (var i = 0; i < count; i++)
        {
            var (packet, bytes) = _packets.Dequeue();
            taken[i] = packet;
            _bytes -= bytes;
        }

        Taken += count;
        return taken;
    }
}

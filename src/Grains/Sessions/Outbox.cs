using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions;

/// <summary>The session's packets waiting for the client, in emission order, with a byte bound.</summary>
internal sealed class Outbox(long maxBytes)
{
    private readonly List<EnginePacket> _packets = [];
    private long _bytes;

    public int Count => _packets.Count;

    public bool IsEmpty => _packets.Count == 0;

    /// <summary>False when the packet would cross the bound; nothing is queued then.</summary>
    public bool TryAdd(in EnginePacket packet)
    {
        if (_bytes + packet.Size > maxBytes)
        {
            return false;
        }

        _packets.Add(packet);
        _bytes += packet.Size;
        return true;
    }

    /// <summary>Adds past the bound: for the final close packet, which must never be refused.</summary>
    public void AddFinal(in EnginePacket packet) => _packets.Add(packet);

    public EnginePacket[] TakeAll()
    {
        var all = _packets.ToArray();
        _packets.Clear();
        _bytes = 0;
        return all;
    }

    public void Clear()
    {
        _packets.Clear();
        _bytes = 0;
    }
}

using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Sessions.State;

/// <summary>
/// The slot of a polling session's pending GET: which GET holds it and through which gateway. A GET is known by the
/// id its gateway gave it, so the same GET re-issued after a lost call is recognised. Besides the holder: a GET its
/// stopping gateway handed back (answered at once when it comes, even if it had not arrived yet), a GET whose gateway
/// is being pinged (it takes nothing meanwhile: if that gateway is dead, what it took would be lost), and the last
/// packet owed to the GET that was pending when the session closed.
/// </summary>
[GenerateSerializer, Alias("OrleansEio.PendingPoll")]
internal sealed class PendingPoll
{
    [Id(0)] private Guid _id;
    [Id(1)] private IGatewayNode? _holder;

    // Moments of one activation, not worth moving with the session.
    [NonSerialized] private Guid _released;
    [NonSerialized] private Guid _suspect;
    [NonSerialized] private (Guid Poll, EnginePacket Packet)? _final;

    public bool IsPending => _id != Guid.Empty;

    /// <summary>The gateway holding the pending GET (null: unknown, it cannot be pinged).</summary>
    public IGatewayNode? Holder => _holder;

    public bool IsHeldBy(Guid pollId) => _id != Guid.Empty && _id == pollId;

    /// <summary>A GET other than <paramref name="pollId"/> is pending.</summary>
    public bool IsHeldByAnother(Guid pollId) => _id != Guid.Empty && _id != pollId;

    public void Hold(Guid pollId, IGatewayNode? holder)
    {
        _id = pollId;
        _holder = holder;
    }

    /// <summary>GET <paramref name="pollId"/> got its answer (or gave up): the slot is free, if it still held it.</summary>
    public void End(Guid pollId)
    {
        if (_id == pollId)
        {
            _id = Guid.Empty;
            _holder = null;
        }
    }

    /// <summary>The pending GET's gateway is about to be pinged; returns the GET concerned.</summary>
    public Guid Suspect()
    {
        _suspect = _id;
        return _id;
    }

    public void Clear(Guid suspect)
    {
        if (_suspect == suspect)
        {
            _suspect = Guid.Empty;
        }
    }

    public bool IsSuspect(Guid pollId) => _suspect == pollId;

    /// <summary>The gateway of GET <paramref name="pollId"/> is stopping: the GET is answered at once, now or when it arrives.</summary>
    public void Release(Guid pollId)
    {
        End(pollId);
        _released = pollId;
    }

    /// <summary>True once for a released GET; it no longer holds the slot.</summary>
    public bool TakeRelease(Guid pollId)
    {
        if (_released != pollId || pollId == Guid.Empty)
        {
            return false;
        }

        _released = Guid.Empty;
        End(pollId);
        return true;
    }

    /// <summary>The session closed: the pending GET, if any, is owed <paramref name="last"/> (a close, or a noop when the client closed).</summary>
    public void Finish(EnginePacket last)
    {
        if (_id != Guid.Empty)
        {
            _final = (_id, last);
            End(_id);
        }
    }

    /// <summary>The packet owed to GET <paramref name="pollId"/> since the session closed, once.</summary>
    public bool TryTakeFinal(Guid pollId, out EnginePacket last)
    {
        if (_final is { } final && final.Poll == pollId)
        {
            _final = null;
            last = final.Packet;
            return true;
        }

        last = default;
        return false;
    }
}

using System.Globalization;

namespace OrleansEio.SocketIo;

/// <summary>
/// The place of a broadcast in its namespace's order: milliseconds since the epoch and a sequence within that
/// millisecond, written <c>ms-seq</c> (the form of a Redis stream id, which it is in cluster mode). Offsets grow with
/// every broadcast of a namespace, across activations of its sequencer; with connection state recovery on, each
/// event a client receives carries its offset as the last argument, and the client sends the last one back to recover.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.Offset")]
internal readonly record struct SocketIoOffset([property: Id(0)] long Milliseconds, [property: Id(1)] long Sequence) : IComparable<SocketIoOffset>
{
    public static readonly SocketIoOffset None = default;

    public bool IsNone => Milliseconds == 0 && Sequence == 0;

    /// <summary>The offset that follows <paramref name="last"/> at wall-clock time <paramref name="nowMs"/>: never smaller, even when the clock steps back.</summary>
    public static SocketIoOffset Next(SocketIoOffset last, long nowMs)
        => nowMs > last.Milliseconds ? new SocketIoOffset(nowMs, 0) : new SocketIoOffset(last.Milliseconds, last.Sequence + 1);

    public int CompareTo(SocketIoOffset other)
    {
        var byTime = Milliseconds.CompareTo(other.Milliseconds);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(SocketIoOffset a, SocketIoOffset b) => a.CompareTo(b) < 0;

    public static bool operator >(SocketIoOffset a, SocketIoOffset b) => a.CompareTo(b) > 0;

    public static bool operator <=(SocketIoOffset a, SocketIoOffset b) => a.CompareTo(b) <= 0;

    public static bool operator >=(SocketIoOffset a, SocketIoOffset b) => a.CompareTo(b) >= 0;

    public override string ToString() => Milliseconds.ToString(CultureInfo.InvariantCulture) + "-" + Sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses what a client sent back; anything else (too long, not two non-negative numbers) is not an offset.</summary>
    public static bool TryParse(string? text, out SocketIoOffset offset)
    {
        offset = None;
        if (text is null || text.Length > 41)
        {
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        offset = new SocketIoOffset(ms, seq);
        return !offset.IsNone;
    }
}

namespace OrleansEio.Diagnostics;

/// <summary>
/// Counts one session's failures by kind so each kind is logged once, when it first happens, and its count
/// once more when the session ends: a client repeating a mistake a million times costs two log lines.
/// Used only from the session's own context. The kinds it tracks are bounded: a client choosing new kinds
/// (event names) ends up in one shared bucket.
/// </summary>
internal sealed class FailureLog
{
    /// <summary>Most distinct kinds tracked per session; later ones are counted under <see cref="OtherKinds"/>.</summary>
    public const int MaxKinds = 16;

    public const string OtherKinds = "(other kinds)";

    private Dictionary<string, int>? _counts;

    /// <summary>Counts one failure; true when it is the first of its kind in this session (the caller logs it then).</summary>
    public bool First(string kind)
    {
        _counts ??= [];
        if (!_counts.ContainsKey(kind) && _counts.Count >= MaxKinds)
        {
            kind = OtherKinds;
        }

        _counts[kind] = _counts.TryGetValue(kind, out var count) ? count + 1 : 1;
        return count == 0;
    }

    public int CountOf(string kind) => _counts is not null && _counts.TryGetValue(kind, out var count) ? count : 0;

    /// <summary>Kinds that happened more than once, with their counts, for the line logged when the session ends.</summary>
    public IEnumerable<(string Kind, int Count)> Repeated()
        => _counts is null ? [] : _counts.Where(c => c.Value > 1).Select(c => (c.Key, c.Value));
}

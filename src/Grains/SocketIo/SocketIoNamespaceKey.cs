namespace OrleansEio.SocketIo;

/// <summary>
/// One namespace of one Socket.IO server: the server's path (<c>/socket.io</c>) and the namespace (<c>/chat</c>).
/// Its string form, <c>path|namespace</c>, is the key of the namespace's sequencer grain and the name of its
/// recovery log; <see cref="ToKey"/> and <see cref="FromKey"/> are the only places that build or read it.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.SocketIo.NamespaceKey")]
internal readonly record struct SocketIoNamespaceKey(
    [property: Id(0)] string Path,
    [property: Id(1)] string Namespace)
{
    // A namespace may contain the separator (clients name dynamic ones); a path may not (CheckPath), so the first one splits.
    private const char Separator = '|';

    /// <summary>The grain key and log name: <c>path|namespace</c>.</summary>
    public string ToKey() => Path + Separator + Namespace;

    public static SocketIoNamespaceKey FromKey(string key)
    {
        var bar = key.IndexOf(Separator);
        return bar < 0
            ? throw new ArgumentException($"\"{key}\" is not a namespace key (path{Separator}namespace).", nameof(key))
            : new SocketIoNamespaceKey(key[..bar], key[(bar + 1)..]);
    }

    /// <summary>A Socket.IO server's path, refused where it is declared if it would make keys ambiguous.</summary>
    public static string CheckPath(string path, string parameter = "path")
        => path.Contains(Separator)
            ? throw new ArgumentException($"A Socket.IO path must not contain '{Separator}': it separates the path from the namespace in cluster keys (\"{path}\").", parameter)
            : path;

    public override string ToString() => ToKey();
}

internal static class SocketIoNamespaceKeyExtensions
{
    /// <summary>The sequencer and directory of the namespace.</summary>
    public static ISocketIoNamespaceGrain GetNamespaceGrain(this IGrainFactory grains, SocketIoNamespaceKey key)
        => grains.GetGrain<ISocketIoNamespaceGrain>(key.ToKey());
}

namespace OrleansEio.Protocol.SocketIo;

/// <summary>The budgets of <see cref="SocketIoMsgPack.TryDecode"/>; crossing one is a <see cref="SocketDecodeError"/>.</summary>
/// <param name="MaxBytes">
/// Largest packet in bytes (<see cref="SocketDecodeError.TooLarge"/>). The default is Engine.IO's <c>maxHttpBufferSize</c>;
/// at most <see cref="MaxBytesLimit"/>.
/// </param>
/// <param name="MaxDepth">
/// Deepest nesting of the packet's data, the data array itself being depth 1 (<see cref="SocketDecodeError.TooDeep"/>).
/// The default, 64, is what the JSON parser accepts (<c>JsonDocument</c>'s default); at most <see cref="MaxDepthLimit"/>.
/// </param>
/// <param name="MaxElements">
/// Most array items and map entries in one packet, counted together at every depth (<see cref="SocketDecodeError.TooManyElements"/>).
/// One msgpack byte can be an element, and each becomes a JSON token of several bytes on the server, so this bounds the memory one
/// packet costs independently of its size.
/// </param>
public sealed record SocketIoMsgPackLimits(
    int MaxBytes = SocketIoMsgPackLimits.DefaultMaxBytes,
    int MaxDepth = SocketIoMsgPackLimits.DefaultMaxDepth,
    int MaxElements = SocketIoMsgPackLimits.DefaultMaxElements)
{
    /// <summary>The default <see cref="MaxBytes"/>: 1,000,000 bytes, Engine.IO's default <c>maxHttpBufferSize</c>.</summary>
    public const int DefaultMaxBytes = 1_000_000;

    /// <summary>The default <see cref="MaxDepth"/>: 64 levels, what the JSON parser accepts.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>The default <see cref="MaxElements"/>: 100,000 array items and map entries per packet.</summary>
    public const int DefaultMaxElements = 100_000;

    /// <summary>The decoder recurses once per level; this keeps it far from the end of any thread's stack.</summary>
    public const int MaxDepthLimit = 1000;

    /// <summary>Below System.Text.Json's largest string token, so no string of an accepted packet can make the decoder throw.</summary>
    public const int MaxBytesLimit = 128 * 1024 * 1024;

    /// <summary>The default budgets: <see cref="DefaultMaxBytes"/>, <see cref="DefaultMaxDepth"/>, <see cref="DefaultMaxElements"/>.</summary>
    public static SocketIoMsgPackLimits Default { get; } = new();

    /// <summary>Largest packet in bytes; a larger one is <see cref="SocketDecodeError.TooLarge"/>. The constructor throws <see cref="ArgumentOutOfRangeException"/> outside 0 to <see cref="MaxBytesLimit"/>.</summary>
    public int MaxBytes { get; } = MaxBytes is >= 0 and <= MaxBytesLimit ? MaxBytes : throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, $"0 to {MaxBytesLimit}.");

    /// <summary>Deepest nesting of the data (the data array is depth 1); deeper is <see cref="SocketDecodeError.TooDeep"/>. The constructor throws <see cref="ArgumentOutOfRangeException"/> outside 1 to <see cref="MaxDepthLimit"/>.</summary>
    public int MaxDepth { get; } = MaxDepth is >= 1 and <= MaxDepthLimit ? MaxDepth : throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, $"1 to {MaxDepthLimit}.");

    /// <summary>Most array items and map entries in one packet, all depths together; more is <see cref="SocketDecodeError.TooManyElements"/>. The constructor throws <see cref="ArgumentOutOfRangeException"/> when negative.</summary>
    public int MaxElements { get; } = MaxElements >= 0 ? MaxElements : throw new ArgumentOutOfRangeException(nameof(MaxElements), MaxElements, "0 or more.");
}

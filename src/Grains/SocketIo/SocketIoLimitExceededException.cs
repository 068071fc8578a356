namespace OrleansEio.SocketIo;

/// <summary>
/// A per-socket budget of <see cref="SocketIoOptions"/> would be crossed (rooms, pending acks). Thrown at the
/// call site, in the handler that asked, so only that handler fails; <see cref="Budget"/> names the option.
/// </summary>
public sealed class SocketIoLimitExceededException(string budget, int limit)
    : InvalidOperationException($"The socket is at its {budget} budget ({limit}).")
{
    /// <summary>The option's name, e.g. <c>MaxRoomsPerSocket</c>.</summary>
    public string Budget { get; } = budget;

    /// <summary>The option's value, the number the call would have crossed.</summary>
    public int Limit { get; } = limit;
}

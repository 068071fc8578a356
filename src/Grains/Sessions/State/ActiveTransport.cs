namespace OrleansEio.Sessions.State;

/// <summary>
/// The transport a session is on: long-polling, or the one WebSocket connection (by the id its gateway gave it)
/// that opened the session or completed its upgrade. A named type, so no caller reads "no connection" as polling.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.ActiveTransport")]
internal readonly record struct ActiveTransport([property: Id(0)] Guid Connection)
{
    public static ActiveTransport Polling => default;

    public static ActiveTransport WebSocket(Guid connection)
        => connection == Guid.Empty ? throw new ArgumentException("A WebSocket connection has an id.", nameof(connection)) : new(connection);

    public bool IsWebSocket => Connection != Guid.Empty;

    public string Name => IsWebSocket ? "websocket" : "polling";

    /// <summary>True when <paramref name="connection"/> is the session's WebSocket.</summary>
    public bool IsSocket(Guid connection) => IsWebSocket && connection == Connection;
}

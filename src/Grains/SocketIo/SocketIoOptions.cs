using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>
/// Socket.IO server options, bound from the <c>SocketIo</c> configuration section. The <c>Max*</c> values are
/// per-session budgets (docs/security.md): what one client can make the server hold.
/// </summary>
public sealed class SocketIoOptions
{
    /// <summary>The configuration section the options are bound from: <c>SocketIo</c>.</summary>
    public const string SectionName = "SocketIo";

    /// <summary>
    /// How long a session may stay without any connected namespace before it is closed (socket.io's
    /// <c>connectTimeout</c>); also how long a connected socket waits for its CONNECT ack to be collected
    /// before its connection handlers run, after which the session is closed (<c>connect timeout</c>).
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Most binary attachments one packet may announce; more is a parse error. 10, as the reference decoder.</summary>
    public int MaxAttachments { get; set; } = SocketIoAssemblerLimits.DefaultMaxAttachments;

    /// <summary>Most bytes the binary attachments of one packet may carry together; more is a parse error (Engine.IO's default <c>maxHttpBufferSize</c>).</summary>
    public int MaxAttachmentBytes { get; set; } = SocketIoAssemblerLimits.DefaultMaxAttachmentBytes;

    /// <summary>
    /// Longest room name, in chars, that the API accepts (join, leave, <c>To</c>, <c>Except</c>). Room names are
    /// ids (a user, a chat, a UUID is 36); each is held once per member and travels with every broadcast to it.
    /// </summary>
    public int MaxRoomNameLength { get; set; } = 256;

    /// <summary>Most rooms one socket may be in besides its own; the next join throws <see cref="SocketIoLimitExceededException"/>.</summary>
    public int MaxRoomsPerSocket { get; set; } = 256;

    /// <summary>Most namespaces one session may be connected to (or connecting to) at once, dynamic ones included; the next CONNECT gets CONNECT_ERROR.</summary>
    public int MaxNamespacesPerSession { get; set; } = 16;

    /// <summary>Most event and connection handlers of one session running at once; later packets wait (see <see cref="MaxPendingEvents"/>).</summary>
    public int MaxConcurrentHandlers { get; set; } = 64;

    /// <summary>
    /// Most received packets one session may hold before they are handled: events that arrived before the
    /// connection handlers ran, and packets waiting for a handler slot. One more closes the session (<c>too many pending events</c>).
    /// </summary>
    public int MaxPendingEvents { get; set; } = 1000;

    /// <summary>The same bound in bytes (JSON text plus attachments of the held packets; a msgpack packet counts as its decoded JSON form and its binary values).</summary>
    public long MaxPendingEventBytes { get; set; } = 1_000_000;

    /// <summary>Most server-to-client acks one socket may await at once; the next <c>EmitWithAckAsync</c> throws <see cref="SocketIoLimitExceededException"/>.</summary>
    public int MaxPendingAcks { get; set; } = 256;

    /// <summary>Budgets of the msgpack parser (<c>io.UseMsgPack()</c>).</summary>
    public SocketIoMsgPackOptions MsgPack { get; set; } = new();

    /// <summary>Whether gateways serve the client bundles under each Socket.IO path (<c>{path}/socket.io.min.js</c> and the rest; socket.io's <c>serveClient</c>).</summary>
    public bool ServeClient { get; set; } = true;

    /// <summary>
    /// Most broadcasts one node may hold for one namespace while its previous ones are on their way to the namespace's
    /// sequencer; the next emit throws <see cref="SocketIoLimitExceededException"/> (a fire-and-forget emit is dropped and logged).
    /// </summary>
    public int MaxQueuedBroadcasts { get; set; } = 10_000;

    /// <summary>Socket.IO's connection state recovery (socket.io's <c>connectionStateRecovery</c>); off by default, as there.</summary>
    public SocketIoRecoveryOptions ConnectionStateRecovery { get; set; } = new();
}

/// <summary>
/// Connection state recovery: a client that lost its connection and comes back within <see cref="MaxDisconnectionDuration"/>
/// gets its socket back (id, rooms, <c>Data</c>) and every event it missed, in order. It changes the packets (a <c>pid</c> in
/// the CONNECT reply, an offset as the last argument of every event without an ack), as socket.io does.
/// </summary>
public sealed class SocketIoRecoveryOptions
{
    /// <summary>
    /// Turns recovery on (off by default): from then on the CONNECT reply carries a <c>pid</c> and every event without an
    /// ack carries its offset as its last argument, so every silo and gateway of a cluster must agree on it.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How long after a disconnection the socket may still be recovered; also how long broadcasts stay in the log.</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a recovered socket skips the namespace's middleware (it passed it when it first connected).</summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// How often each silo extends the life of its live sockets' snapshots. A snapshot outlives its silo by at least
    /// <see cref="MaxDisconnectionDuration"/>: its time to live is that plus this.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most broadcasts one namespace's log keeps, whatever their age (the oldest go first): a budget on its memory.</summary>
    public int MaxLogLength { get; set; } = 100_000;
}

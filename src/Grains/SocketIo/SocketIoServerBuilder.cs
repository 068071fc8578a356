using System.Text.RegularExpressions;

namespace OrleansEio.SocketIo;

/// <summary>
/// A namespace middleware (socket.io's <c>namespace.use</c>): runs for each connecting socket, in the order registered; call
/// <paramref name="next"/> to go on, or throw <see cref="SocketIoConnectionRefusedException"/> to refuse with CONNECT_ERROR.
/// Any other exception refuses too, as <c>Internal server error</c> (its message may carry internals), and is logged.
/// </summary>
/// <param name="socket">The connecting socket; not yet <see cref="ISocketIoSocket.Connected"/>.</param>
/// <param name="next">Runs the next middleware, then accepts the connection.</param>
public delegate Task SocketIoMiddleware(ISocketIoSocket socket, Func<Task> next);

/// <summary>Declares the namespaces of a Socket.IO server: <c>services.AddSocketIo("/socket.io", io => io.Namespace("/", ns => ...))</c>.</summary>
public sealed class SocketIoServerBuilder
{
    internal List<SocketIoNamespaceBuilder> Namespaces { get; } = [];

    internal ISocketIoParser Parser { get; private set; } = SocketIoParsers.Json;

    /// <summary>The wire format of this path (socket.io's <c>parser</c> option); <see cref="SocketIoParsers.Json"/> unless set.</summary>
    public SocketIoServerBuilder UseParser(ISocketIoParser parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        Parser = parser;
        return this;
    }

    /// <summary>npm <c>socket.io-msgpack-parser</c>'s format; clients must use that parser too.</summary>
    public SocketIoServerBuilder UseMsgPack() => UseParser(SocketIoParsers.MsgPack);

    /// <summary>A namespace with this exact name (<c>/</c>, <c>/chat</c>); clients asking for a name no namespace matches get <c>CONNECT_ERROR</c> <c>Invalid namespace</c>.</summary>
    public SocketIoServerBuilder Namespace(string name, Action<SocketIoNamespaceBuilder> configure)
        => Add(new SocketIoNamespaceBuilder(candidate => candidate == name, name, name), configure);

    /// <summary>A dynamic namespace: any name the predicate accepts (socket.io's <c>io.of(fn)</c>).</summary>
    public SocketIoServerBuilder Namespace(Func<string, bool> matches, Action<SocketIoNamespaceBuilder> configure)
        => Add(new SocketIoNamespaceBuilder(matches, null, "(dynamic)"), configure);

    /// <summary>A dynamic namespace: any name the pattern matches (socket.io's <c>io.of(/regex/)</c>).</summary>
    public SocketIoServerBuilder Namespace(Regex pattern, Action<SocketIoNamespaceBuilder> configure)
        => Add(new SocketIoNamespaceBuilder(pattern.IsMatch, null, pattern.ToString()), configure);

    private SocketIoServerBuilder Add(SocketIoNamespaceBuilder ns, Action<SocketIoNamespaceBuilder> configure)
    {
        configure(ns);
        Namespaces.Add(ns);
        return this;
    }

    internal SocketIoNamespaceBuilder? Find(string name)
        => Namespaces.FirstOrDefault(n => n.Name == name) ?? Namespaces.FirstOrDefault(n => n.Name is null && n.Matches(name));
}

/// <summary>Declares one namespace (or a family of dynamic ones): its middleware and connection handlers.</summary>
public sealed class SocketIoNamespaceBuilder
{
    internal SocketIoNamespaceBuilder(Func<string, bool> matches, string? name, string label)
    {
        Matches = matches;
        Name = name;
        Label = label;
    }

    internal Func<string, bool> Matches { get; }

    internal string? Name { get; }

    /// <summary>How metrics name this namespace: its name, or a dynamic namespace's pattern (never a client's input).</summary>
    internal string Label { get; }

    internal List<SocketIoMiddleware> Middleware { get; } = [];

    internal List<Func<ISocketIoSocket, Task>> ConnectionHandlers { get; } = [];

    /// <summary>Runs before a connection is accepted; throw <see cref="SocketIoConnectionRefusedException"/> to refuse it.</summary>
    public SocketIoNamespaceBuilder Use(SocketIoMiddleware middleware)
    {
        Middleware.Add(middleware);
        return this;
    }

    /// <summary>
    /// Runs for each accepted socket (socket.io's <c>connection</c> event), in the order registered, after its CONNECT ack has
    /// reached the client; register the socket's event handlers here. Also runs for a socket that moved with its session
    /// (<see cref="ISocketIoSocket.Recovered"/>).
    /// </summary>
    public SocketIoNamespaceBuilder OnConnection(Func<ISocketIoSocket, Task> handler)
    {
        ConnectionHandlers.Add(handler);
        return this;
    }

    /// <summary>A synchronous connection handler; see <see cref="OnConnection(Func{ISocketIoSocket, Task})"/>.</summary>
    public SocketIoNamespaceBuilder OnConnection(Action<ISocketIoSocket> handler)
        => OnConnection(socket =>
        {
            handler(socket);
            return Task.CompletedTask;
        });
}

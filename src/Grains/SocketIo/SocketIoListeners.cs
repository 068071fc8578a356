namespace OrleansEio.SocketIo;

/// <summary>
/// What one socket's code registered, as socket.io keeps it on its <c>Socket</c> (an EventEmitter plus the any-listener
/// arrays and the packet middleware). Listeners are kept by name, each with the delegate its caller gave, so
/// <c>Off(name, handler)</c> removes what <c>On</c>/<c>Once</c> added whichever overload wrapped it. The reserved
/// names <c>disconnecting</c> and <c>disconnect</c> hold the lifecycle handlers (no client can send those names), and
/// <c>error</c> holds both the <c>OnError</c> hooks and handlers of a client event named "error", told apart by their
/// type, as in socket.io where the two share one name. Only server code adds to it, so it has no budget.
/// Used only from the session's context.
/// </summary>
internal sealed class SocketIoListeners
{
    private readonly Dictionary<string, List<Entry>> _byName = [];

    // The names of _byName in the order they were first registered, as Node's eventNames lists them.
    private readonly List<string> _names = [];
    private readonly List<Func<SocketIoEvent, Task>> _any = [];
    private readonly List<Func<string, SocketIoArgs, Task>> _anyOutgoing = [];
    private readonly List<Func<SocketIoEvent, Func<Task>, Task>> _middleware = [];

    /// <summary>One registration: the delegate as given (what <c>Off</c> and <c>Listeners</c> see) and the one that runs.</summary>
    private sealed record Entry(Delegate Original, Delegate Handler, bool Once);

    public const string Disconnecting = "disconnecting";

    public const string Disconnect = "disconnect";

    public const string Error = "error";

    public bool HasAny => _any.Count > 0;

    public bool HasAnyOutgoing => _anyOutgoing.Count > 0;

    public bool HasMiddleware => _middleware.Count > 0;

    public void Add(string name, Delegate original, Delegate handler, bool once = false, bool prepend = false)
    {
        if (!_byName.TryGetValue(name, out var entries))
        {
            _byName[name] = entries = [];
            _names.Add(name);
        }

        entries.Insert(prepend ? 0 : entries.Count, new Entry(original, handler, once));
    }

    /// <summary>The last registration of <paramref name="original"/> under <paramref name="name"/> (as Node's <c>off</c>), or all of that name when null.</summary>
    public void Remove(string name, Delegate? original)
    {
        if (!_byName.TryGetValue(name, out var entries))
        {
            return;
        }

        if (original is null)
        {
            Forget(name);
            return;
        }

        var index = entries.FindLastIndex(e => e.Original.Equals(original));
        if (index >= 0)
        {
            entries.RemoveAt(index);
        }

        if (entries.Count == 0)
        {
            Forget(name);
        }
    }

    /// <summary>Every name's registrations (events, lifecycle, error hooks); any-listeners and middleware stay, as in socket.io.</summary>
    public void RemoveAll()
    {
        _byName.Clear();
        _names.Clear();
    }

    public IReadOnlyList<string> Names() => [.. _names];

    public IReadOnlyList<Delegate> Of(string name) => _byName.TryGetValue(name, out var entries) ? entries.ConvertAll(e => e.Original) : [];

    public bool HandlesEvent(string name) => _byName.TryGetValue(name, out var entries) && entries.Exists(e => e.Handler is Func<SocketIoEvent, Task>);

    /// <summary>The handlers an arriving event runs now, in order; once-handlers are removed as they are taken (Node removes them before calling).</summary>
    public Func<SocketIoEvent, Task>[] TakeEvent(string name)
    {
        if (!_byName.TryGetValue(name, out var entries))
        {
            return [];
        }

        var handlers = entries.Select(e => e.Handler).OfType<Func<SocketIoEvent, Task>>().ToArray();
        if (entries.RemoveAll(e => e.Once && e.Handler is Func<SocketIoEvent, Task>) > 0 && entries.Count == 0)
        {
            Forget(name);
        }

        return handlers;
    }

    /// <summary>The handlers of <see cref="Disconnecting"/> or <see cref="Disconnect"/>, in order.</summary>
    public Func<string, Task>[] Lifecycle(string name)
        => _byName.TryGetValue(name, out var entries) ? entries.Select(e => e.Handler).OfType<Func<string, Task>>().ToArray() : [];

    public Func<Exception, Task>[] ErrorHooks()
        => _byName.TryGetValue(Error, out var entries) ? entries.Select(e => e.Handler).OfType<Func<Exception, Task>>().ToArray() : [];

    public void AddAny(Func<SocketIoEvent, Task> listener, bool prepend) => Insert(_any, listener, prepend);

    public void RemoveAny(Func<SocketIoEvent, Task>? listener) => RemoveFrom(_any, listener);

    public Func<SocketIoEvent, Task>[] Any() => [.. _any];

    public void AddAnyOutgoing(Func<string, SocketIoArgs, Task> listener, bool prepend) => Insert(_anyOutgoing, listener, prepend);

    public void RemoveAnyOutgoing(Func<string, SocketIoArgs, Task>? listener) => RemoveFrom(_anyOutgoing, listener);

    public Func<string, SocketIoArgs, Task>[] AnyOutgoing() => [.. _anyOutgoing];

    public void Use(Func<SocketIoEvent, Func<Task>, Task> middleware) => _middleware.Add(middleware);

    public Func<SocketIoEvent, Func<Task>, Task>[] Middleware() => [.. _middleware];

    private void Forget(string name)
    {
        _byName.Remove(name);
        _names.Remove(name);
    }

    private static void Insert<T>(List<T> list, T listener, bool prepend)
    {
        if (prepend)
        {
            list.Insert(0, listener);
        }
        else
        {
            list.Add(listener);
        }
    }

    /// <summary>The first registration of <paramref name="listener"/> (as Node's <c>offAny</c>), or all when null.</summary>
    private static void RemoveFrom<T>(List<T> list, T? listener)
        where T : Delegate
    {
        if (listener is null)
        {
            list.Clear();
            return;
        }

        var index = list.FindIndex(l => l.Equals(listener));
        if (index >= 0)
        {
            list.RemoveAt(index);
        }
    }
}

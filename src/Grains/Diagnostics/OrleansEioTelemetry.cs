using System.Diagnostics;

namespace OrleansEio;

/// <summary>
/// The meters and activity sources OrleansEio reports through, one per layer, each meter and source sharing its name.
/// With OpenTelemetry: <c>metrics.AddMeter([.. OrleansEioTelemetry.Names])</c> and <c>tracing.AddSource([.. OrleansEioTelemetry.Names])</c>
/// (OrleansEio.Hosting's <c>AddOrleansEioTelemetry</c> does so from configuration). docs/operations.md lists every instrument.
/// </summary>
public static class OrleansEioTelemetry
{
    /// <summary>The gateway's transports: wire errors, packets and bytes by transport, re-issued waits, WebSockets carried.</summary>
    public const string Gateway = "OrleansEio.Gateway";

    /// <summary>Engine.IO sessions: open sessions, handshakes, upgrades, closes, budgets, drains; spans of the handshake, the upgrade and the drain.</summary>
    public const string EngineIo = "OrleansEio.EngineIo";

    /// <summary>The Socket.IO server: connects, events, acks, sockets, broadcasts, budgets; spans of a broadcast on its sender and on every silo.</summary>
    public const string SocketIo = "OrleansEio.SocketIo";

    /// <summary>Every name above.</summary>
    public static IReadOnlyList<string> Names { get; } = [Gateway, EngineIo, SocketIo];

    internal static readonly ActivitySource EngineIoSource = new(EngineIo);

    internal static readonly ActivitySource SocketIoSource = new(SocketIo);

    /// <summary>
    /// Starts a span that outlives the current call (an upgrade runs over several calls): the caller's context goes on
    /// with its own current activity, not with this one.
    /// </summary>
    internal static Activity? StartDetached(this ActivitySource source, string name, ActivityKind kind = ActivityKind.Internal)
    {
        var current = Activity.Current;
        var activity = source.StartActivity(name, kind);
        Activity.Current = current;
        return activity;
    }

    /// <summary>
    /// Starts the span of one call made for several traced operations at once (a batch of broadcasts): a child of the
    /// first traced one, linked to the others, and the caller's current activity, so Orleans carries it into the call.
    /// Null when none of them is traced: a batch starts no trace of its own.
    /// </summary>
    internal static Activity? StartBatch(this ActivitySource source, string name, ActivityKind kind, IEnumerable<ActivityContext> operations)
    {
        if (!source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var operation in operations)
        {
            if (operation == default || operation == parent)
            {
                continue;
            }

            if (parent == default)
            {
                parent = operation;
            }
            else
            {
                (links ??= []).Add(new ActivityLink(operation));
            }
        }

        return parent == default ? null : source.StartActivity(name, kind, parent, links: links);
    }

    /// <summary>Ends a span started with <see cref="StartDetached"/> without touching the current call's activity.</summary>
    internal static void StopDetached(this Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}

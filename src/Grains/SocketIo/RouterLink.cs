using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OrleansEio.SocketIo;

/// <summary>
/// The ordered way from one namespace's sequencer to one silo's router: one delivery in flight, and what queues
/// meanwhile leaves together in the next. Deliveries are numbered; one whose answer was lost is sent again with
/// the same number until the silo answers or is proven gone, so the silo applies each once and in order. Used
/// only from the sequencer grain's context. When traced, each delivery is a span (<c>socketio.broadcast.route</c>) in
/// the trace of the broadcasts it carries, which Orleans carries to the silo.
/// </summary>
internal sealed partial class RouterLink(
    SiloAddress silo,
    ISocketIoRouterGrain router,
    SocketIoNamespaceKey ns,
    Guid sequencer,
    Func<SiloAddress, SiloStatus> statusOf,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>Most broadcasts one delivery carries.</summary>
    internal const int MaxBroadcastsPerDelivery = 512;

    /// <summary>How long a live silo that keeps failing is retried before the broadcasts waiting for it fail.</summary>
    internal static readonly TimeSpan RetryBound = TimeSpan.FromSeconds(30);

    private readonly Queue<SequencedBatch> _queue = new();
    private bool _sending;
    private long _sequence;

    public SiloAddress Silo => silo;

    /// <summary>A delivery is in flight (tests wait for the link to be idle).</summary>
    internal bool Sending => _sending;

    /// <summary>The silo is gone: everything sent here from now on is confirmed at once (its sockets are gone with it).</summary>
    public bool Gone { get; private set; }

    public void Enqueue(SequencedBatch batch)
    {
        if (Gone)
        {
            batch.Confirmed();
            return;
        }

        _queue.Enqueue(batch);
        if (!_sending)
        {
            _sending = true;
            _ = PumpAsync();
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (_queue.Count > 0)
            {
                var batches = new List<SequencedBatch> { _queue.Dequeue() };
                var count = batches[0].Broadcasts.Length;
                while (_queue.Count > 0 && count + _queue.Peek().Broadcasts.Length <= MaxBroadcastsPerDelivery)
                {
                    count += _queue.Peek().Broadcasts.Length;
                    batches.Add(_queue.Dequeue());
                }

                var broadcasts = batches.Count == 1 ? batches[0].Broadcasts : [.. batches.SelectMany(b => b.Broadcasts)];

                // The request context is the call's that started this loop: it must not name this delivery's parent.
                RequestContext.Clear();
                using var span = OrleansEioTelemetry.SocketIoSource.StartBatch("socketio.broadcast.route", ActivityKind.Client, batches.Select(b => b.Trace));
                span?.SetTag("orleanseio.silo", silo.ToString()).SetTag("socketio.broadcast.count", broadcasts.Length);
                var error = await SendAsync(new RouterDelivery(ns, sequencer, ++_sequence, broadcasts));
                if (error is not null)
                {
                    span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
                }
                if (error is null || Gone)
                {
                    batches.ForEach(b => b.Confirmed());
                }
                else
                {
                    batches.ForEach(b => b.Failed(error));
                }

                if (Gone)
                {
                    while (_queue.TryDequeue(out var left))
                    {
                        left.Confirmed();
                    }
                }
            }
        }
        finally
        {
            _sending = false;
        }
    }

    /// <summary>Null when the router has the delivery; else why not (and <see cref="Gone"/> when the silo is proven gone).</summary>
    private async Task<Exception?> SendAsync(RouterDelivery delivery)
    {
        var started = clock.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await router.Deliver(delivery);
                return null;
            }
            catch (Exception exception)
            {
                var error = exception.GetBaseException();
                if (RouterFailures.IsProvenGone(error, statusOf(silo)))
                {
                    Gone = true;
                    Log.SiloGone(logger, silo.ToString(), error.GetType().Name);
                    return error;
                }

                if (clock.GetElapsedTime(started) > RetryBound)
                {
                    Log.GaveUp(logger, silo.ToString(), delivery.Broadcasts.Length, error.GetType().Name);
                    return error;
                }

                if (attempt == 1)
                {
                    Log.Retrying(logger, silo.ToString(), error.GetType().Name);
                }

                // A live silo that failed a call: it gets the same delivery again (it applies it once), after a pause.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)), clock);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(331, LogLevel.Information, "Silo {Silo} is gone ({Proof}); broadcasts no longer go there")]
        public static partial void SiloGone(ILogger logger, string silo, string proof);

        [LoggerMessage(332, LogLevel.Warning, "Silo {Silo} failed a delivery of broadcasts ({Error}); sending it again")]
        public static partial void Retrying(ILogger logger, string silo, string error);

        [LoggerMessage(333, LogLevel.Warning, "Silo {Silo} could not be given {Count} broadcasts within the retry bound ({Error}); their emits fail")]
        public static partial void GaveUp(ILogger logger, string silo, int count, string error);
    }
}

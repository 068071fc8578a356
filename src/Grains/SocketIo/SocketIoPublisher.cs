using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;

namespace OrleansEio.SocketIo;

/// <summary>
/// How a node (silo or gateway) hands its broadcasts to the namespace sequencers: one ordered queue per namespace,
/// with at most one call in flight; what is emitted meanwhile leaves together in the next call. Every emit of this
/// node, whichever socket or handler made it, reaches the sequencer in the order it was made, so one sender's
/// broadcasts keep their order however its handlers interleave, and however Orleans orders separate calls.
/// When traced, each broadcast is a span (<c>socketio.broadcast</c>, from the emit until every silo has it), and each
/// call to the sequencer a span of its own (<c>socketio.broadcast.send</c>) that Orleans carries to the sequencer.
/// </summary>
internal sealed partial class SocketIoPublisher(IGrainFactory grains, SocketIoOptions options, ILogger<SocketIoPublisher> logger)
{
    /// <summary>Most broadcasts one call carries: a burst leaves in several calls, still in order.</summary>
    internal const int MaxBatch = 256;

    private readonly ConcurrentDictionary<SocketIoNamespaceKey, Queue> _queues = new();

    public IGrainFactory Grains => grains;

    private int MaxQueued => options.MaxQueuedBroadcasts;

    private ILogger Logger => logger;

    /// <summary>Queues a broadcast; the task completes once the sequencer has delivered it to every silo (faults if it could not).</summary>
    public Task PublishAsync(BroadcastMessage broadcast)
    {
        var queue = _queues.GetOrAdd(broadcast.Namespace, static (k, self) => new Queue(self, self.Grains.GetNamespaceGrain(k), k), this);
        return queue.Enqueue(broadcast);
    }

    /// <summary>Publishes without waiting; a failure is logged once per namespace and kind (fire-and-forget emits).</summary>
    public void Publish(BroadcastMessage broadcast)
    {
        var sent = PublishAsync(broadcast);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = sent.ContinueWith(
                static (t, state) => ((SocketIoPublisher)state!).Failed(t.Exception!.GetBaseException()),
                this,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void Failed(Exception exception) => Log.PublishFailed(logger, exception.GetType().Name, LogText.Escape(exception.Message, 256));

    private sealed class Queue(SocketIoPublisher owner, ISocketIoNamespaceGrain sequencer, SocketIoNamespaceKey key)
    {
        private readonly Lock _gate = new();
        private List<Waiting> _waiting = [];
        private bool _sending;

        public Task Enqueue(BroadcastMessage broadcast)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_waiting.Count >= owner.MaxQueued)
                {
                    throw new SocketIoLimitExceededException(nameof(SocketIoOptions.MaxQueuedBroadcasts), owner.MaxQueued);
                }

                _waiting.Add(new Waiting(broadcast, done, StartSpan(broadcast)));
                if (_sending)
                {
                    return done.Task;
                }

                _sending = true;
            }

            // The sending loop runs outside the caller's grain: it belongs to no session.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Factory.StartNew(SendAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            }

            return done.Task;
        }

        private async Task SendAsync()
        {
            while (true)
            {
                List<Waiting> batch;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _sending = false;
                        return;
                    }

                    if (_waiting.Count <= MaxBatch)
                    {
                        batch = _waiting;
                        _waiting = [];
                    }
                    else
                    {
                        batch = _waiting.GetRange(0, MaxBatch);
                        _waiting.RemoveRange(0, MaxBatch);
                    }
                }

                // What an earlier call of this loop left in the request context must not name this call's parent.
                RequestContext.Clear();
                using var span = OrleansEioTelemetry.SocketIoSource.StartBatch("socketio.broadcast.send", ActivityKind.Client, batch.Select(b => b.Span?.Context ?? default));
                span?.SetTag("socketio.broadcast.count", batch.Count);
                try
                {
                    await sequencer.Broadcast([.. batch.Select(b => b.Broadcast)]);
                    batch.ForEach(b => b.Finish(null));
                }
                catch (Exception exception)
                {
                    // Not sent, or not to every silo: these emits fail; the next ones go on, in order.
                    Log.BatchFailed(owner.Logger, LogText.Escape(key.ToKey()), batch.Count, exception.GetType().Name);
                    span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                    batch.ForEach(b => b.Finish(exception));
                }
            }
        }
    }

    /// <summary>The span of one broadcast, a child of what emitted it (a traced request or call), or a trace of its own.</summary>
    private static Activity? StartSpan(BroadcastMessage broadcast)
    {
        if (!OrleansEioTelemetry.SocketIoSource.HasListeners())
        {
            return null;
        }

        var span = OrleansEioTelemetry.SocketIoSource.StartDetached("socketio.broadcast", ActivityKind.Producer);
        span?.SetTag("orleanseio.path", broadcast.Namespace.Path).SetTag("socketio.namespace", broadcast.Namespace.Namespace);
        return span;
    }

    private sealed record Waiting(BroadcastMessage Broadcast, TaskCompletionSource Done, Activity? Span)
    {
        public void Finish(Exception? error)
        {
            if (Span is not null)
            {
                if (error is not null)
                {
                    Span.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
                }

                Span.StopDetached();
            }

            if (error is null)
            {
                Done.TrySetResult();
            }
            else
            {
                Done.TrySetException(error);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(336, LogLevel.Warning, "{Count} broadcasts of namespace {Namespace} were not delivered to every silo ({Error})")]
        public static partial void BatchFailed(ILogger logger, string @namespace, int count, string error);

        [LoggerMessage(337, LogLevel.Debug, "An emit was not delivered: {Error} {Message}")]
        public static partial void PublishFailed(ILogger logger, string error, string message);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansEio.Diagnostics;

namespace OrleansEio.SocketIo;

/// <summary>
/// How a node (silo or gateway) hands its broadcasts to the namespace sequencers: one ordered queue per namespace,
/// with at most one call in flight; what is emitted meanwhile leaves together in the next call. Every emit of this
/// node, whichever socket or handler made it, reaches the sequencer in the order it was made, so one sender's
/// broadcasts keep their order however its handlers interleave, and however Orleans orders separate calls.
/// </summary>
internal sealed partial class SocketIoPublisher(IGrainFactory grains, SocketIoOptions options, ILogger<SocketIoPublisher> logger)
{
    /// <summary>Most broadcasts one call carries: a burst leaves in several calls, still in order.</summary>
    internal const int MaxBatch = 256;

    private readonly ConcurrentDictionary<string, Queue> _queues = new();

    public IGrainFactory Grains => grains;

    private int MaxQueued => options.MaxQueuedBroadcasts;

    private ILogger Logger => logger;

    /// <summary>Queues a broadcast; the task completes once the sequencer has delivered it to every silo (faults if it could not).</summary>
    public Task PublishAsync(BroadcastMessage broadcast)
    {
        var key = SocketIoKeys.Namespace(broadcast.Path, broadcast.Namespace);
        var queue = _queues.GetOrAdd(key, static (k, self) => new Queue(self, self.Grains.GetGrain<ISocketIoNamespaceGrain>(k), k), this);
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

    private sealed class Queue(SocketIoPublisher owner, ISocketIoNamespaceGrain sequencer, string key)
    {
        private readonly Lock _gate = new();
        private List<(BroadcastMessage Broadcast, TaskCompletionSource Done)> _waiting = [];
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

                _waiting.Add((broadcast, done));
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
                List<(BroadcastMessage Broadcast, TaskCompletionSource Done)> batch;
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

                try
                {
                    await sequencer.Broadcast([.. batch.Select(b => b.Broadcast)]);
                    batch.ForEach(b => b.Done.TrySetResult());
                }
                catch (Exception exception)
                {
                    // Not sent, or not to every silo: these emits fail; the next ones go on, in order.
                    Log.BatchFailed(owner.Logger, LogText.Escape(key), batch.Count, exception.GetType().Name);
                    batch.ForEach(b => b.Done.TrySetException(exception));
                }
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

using Microsoft.Extensions.Options;

namespace OrleansEio.SocketIo;

/// <summary>Checks <see cref="SocketIoOptions"/> at start-up; each failure names its configuration key.</summary>
internal sealed class SocketIoOptionsValidator : IValidateOptions<SocketIoOptions>
{
    private const string Section = SocketIoOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SocketIoOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}{nameof(options.ConnectTimeout)} must be positive (was {options.ConnectTimeout}).");
        }

        var recovery = options.ConnectionStateRecovery;
        foreach (var (key, value) in new (string, TimeSpan)[]
        {
            (nameof(recovery.MaxDisconnectionDuration), recovery.MaxDisconnectionDuration),
            (nameof(recovery.RefreshInterval), recovery.RefreshInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Section}{nameof(options.ConnectionStateRecovery)}:{key} must be positive (was {value}).");
            }
        }

        foreach (var (key, value) in new (string, long)[]
        {
            (nameof(options.MaxAttachments), options.MaxAttachments),
            (nameof(options.MaxAttachmentBytes), options.MaxAttachmentBytes),
            (nameof(options.MaxRoomNameLength), options.MaxRoomNameLength),
            (nameof(options.MaxRoomsPerSocket), options.MaxRoomsPerSocket),
            (nameof(options.MaxNamespacesPerSession), options.MaxNamespacesPerSession),
            (nameof(options.MaxConcurrentHandlers), options.MaxConcurrentHandlers),
            (nameof(options.MaxPendingEvents), options.MaxPendingEvents),
            (nameof(options.MaxPendingEventBytes), options.MaxPendingEventBytes),
            (nameof(options.MaxPendingAcks), options.MaxPendingAcks),
            (nameof(options.MaxQueuedBroadcasts), options.MaxQueuedBroadcasts),
            (nameof(options.ConnectionStateRecovery) + ":" + nameof(recovery.MaxLogLength), recovery.MaxLogLength),
        })
        {
            if (value <= 0)
            {
                failures.Add($"{Section}{key} must be positive (was {value}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

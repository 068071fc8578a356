using Microsoft.Extensions.Logging;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

internal sealed partial class SocketIoApplication
{
    // No sids at Information and above; client-chosen strings (namespaces, event names, messages) arrive escaped.
    private static partial class Log
    {
        [LoggerMessage(321, LogLevel.Information, "A session of {Path} sent a malformed Socket.IO packet ({Error}); closing it")]
        public static partial void ParseError(ILogger logger, string path, SocketDecodeError error);

        [LoggerMessage(322, LogLevel.Error, "Socket.IO handler failed on {Path}: {Kind} (first in this session; repeats are counted)")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string path, string kind);

        [LoggerMessage(323, LogLevel.Warning, "Socket.IO handler failed on the client's input on {Path}: {Kind}: {Message} (first in this session; repeats are counted)")]
        public static partial void HandlerRefused(ILogger logger, string path, string kind, string message);

        [LoggerMessage(324, LogLevel.Information, "A session of {Path} ended after {Count} failures of kind {Kind}")]
        public static partial void FailuresRepeated(ILogger logger, string path, string kind, int count);

        [LoggerMessage(325, LogLevel.Warning, "A session of {Path} held more received packets than its budget ({Count} packets, {Bytes} bytes: SocketIo:MaxPendingEvents, SocketIo:MaxPendingEventBytes); closing it")]
        public static partial void PendingOverflow(ILogger logger, string path, int count, long bytes);

        [LoggerMessage(326, LogLevel.Warning, "A session of {Path} asked for more namespaces than its budget ({Limit}: SocketIo:MaxNamespacesPerSession); refused with CONNECT_ERROR (first in this session; repeats are counted)")]
        public static partial void NamespaceBudget(ILogger logger, string path, int limit);

        [LoggerMessage(327, LogLevel.Information, "A session of {Path} did not collect its CONNECT ack within {Timeout} (SocketIo:ConnectTimeout); closing it")]
        public static partial void ConnectAckNotCollected(ILogger logger, string path, TimeSpan timeout);

        [LoggerMessage(328, LogLevel.Warning, "Could not register namespace {Namespace} of {Path} with its directory now ({Error}); the silo's refresh retries")]
        public static partial void RegistrationFailed(ILogger logger, string path, string @namespace, string error);

        [LoggerMessage(330, LogLevel.Warning, "A middleware of {Path}{Namespace} returned without calling next(); the connection was not accepted (first in this session; repeats are counted)")]
        public static partial void MiddlewareWithoutNext(ILogger logger, string path, string @namespace);

        [LoggerMessage(329, LogLevel.Error, "A Socket.IO socket of {Path} failed while leaving; the others were cleaned up")]
        public static partial void CleanupFailed(ILogger logger, Exception exception, string path);
    }
}

using Microsoft.Extensions.Logging;

namespace OrleansEio.Sessions;

internal sealed partial class EngineIoSessionGrain
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Session {Sid} opened on {Transport} for {Path}")]
        public static partial void Opened(ILogger logger, string sid, string transport, string path);

        [LoggerMessage(2, LogLevel.Debug, "Session {Sid} closed: {Reason}")]
        public static partial void Closed(ILogger logger, string sid, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Session {Sid} upgrade started")]
        public static partial void UpgradeStarted(ILogger logger, string sid);

        [LoggerMessage(4, LogLevel.Debug, "Session {Sid} upgrade probed")]
        public static partial void UpgradeProbed(ILogger logger, string sid);

        [LoggerMessage(5, LogLevel.Debug, "Session {Sid} upgraded to websocket")]
        public static partial void Upgraded(ILogger logger, string sid);

        [LoggerMessage(6, LogLevel.Debug, "Session {Sid} upgrade abandoned: {Reason}")]
        public static partial void UpgradeAbandoned(ILogger logger, string sid, string reason);

        // Sids only at Debug (a sid is the key to a session); reasons and names from clients arrive escaped (LogText).
        [LoggerMessage(7, LogLevel.Information, "A session of {Path} closed on a client error: {Reason}")]
        public static partial void ClientError(ILogger logger, string path, string reason);

        [LoggerMessage(10, LogLevel.Information, "A session of {Path}: the gateway holding its pending poll is gone; a poll through another gateway took over")]
        public static partial void PollTakenOver(ILogger logger, string path);

        [LoggerMessage(14, LogLevel.Information, "A session of {Path}: the gateway that took its last poll answer is gone; the GET resent through another gateway got the same packets")]
        public static partial void PollResent(ILogger logger, string path);

        [LoggerMessage(11, LogLevel.Debug, "Session {Sid} of {Path} is moving to another silo")]
        public static partial void Moved(ILogger logger, string sid, string path);

        [LoggerMessage(12, LogLevel.Debug, "Session {Sid} of {Path} arrived from another silo")]
        public static partial void Arrived(ILogger logger, string sid, string path);

        [LoggerMessage(8, LogLevel.Error, "No Engine.IO application is registered for {Path}: call services.AddEngineIoApplication<T>(\"{Path}\") on the silo")]
        public static partial void NoApplication(ILogger logger, string path);

        [LoggerMessage(9, LogLevel.Error, "Engine.IO application {Path} failed in {Handler} (first in this session; repeats are counted)")]
        public static partial void ApplicationFailed(ILogger logger, Exception exception, string path, string handler);

        [LoggerMessage(13, LogLevel.Information, "A session of {Path} ended after {Count} failures of its application in {Handler}")]
        public static partial void ApplicationFailuresRepeated(ILogger logger, string path, string handler, int count);
    }
}

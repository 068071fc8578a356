using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>Every log line of the silos it is added to, as the operator would see it, for tests of what gets logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Line(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    public static ConcurrentQueue<Line> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Enqueue(new Line(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}

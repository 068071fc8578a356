using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>Every log line of the silos it is added to, as the operator would see it, for tests of what gets logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public sealed record Line(long Number, string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    private const int MaxLines = 100_000;

    private static long s_written;

    public static ConcurrentQueue<Line> Lines { get; } = new();

    /// <summary>How many lines were written so far: lines numbered above it come later.</summary>
    public static long Written => Interlocked.Read(ref s_written);

    /// <summary>The lines written after <paramref name="mark"/> (a value of <see cref="Written"/>).</summary>
    public static IEnumerable<Line> Since(long mark) => Lines.Where(l => l.Number > mark);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Enqueue(new Line(Interlocked.Increment(ref s_written), category, logLevel, eventId.Id, formatter(state, exception), exception));

            // The silos live as long as the test run: keep the recent lines only.
            while (Lines.Count > MaxLines && Lines.TryDequeue(out _))
            {
            }
        }
    }
}

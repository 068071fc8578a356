namespace OrleansEio.Sessions;

/// <summary>
/// The time source of session heartbeats and upgrade deadlines. Separate from the runtime's
/// <see cref="TimeProvider"/> so tests can fake session time without faking Orleans' own timers.
/// </summary>
internal sealed class EngineIoClock(TimeProvider timeProvider)
{
    public static EngineIoClock System { get; } = new(TimeProvider.System);

    public TimeProvider TimeProvider { get; } = timeProvider;
}

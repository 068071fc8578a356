namespace OrleansEio.SocketIo;

/// <summary>When a namespace directory may forget a silo's router: only on proof that the silo is gone.</summary>
internal static class RouterFailures
{
    /// <summary>
    /// True when membership declared the silo dead, or the call failed the way Orleans fails calls to a dead
    /// silo (<see cref="SiloUnavailableException"/>) or to an observer that no longer exists
    /// (<see cref="ClientNotAvailableException"/>). A timeout or an exception thrown by the call proves nothing.
    /// </summary>
    public static bool IsProvenGone(Exception error, SiloStatus status)
        => status == SiloStatus.Dead || error is SiloUnavailableException or ClientNotAvailableException;
}

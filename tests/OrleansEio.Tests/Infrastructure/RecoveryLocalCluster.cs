namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// <see cref="LocalCluster"/> with connection state recovery on and every timing at its production default
/// (heartbeat 25 s / 20 s, poll segment 10 s, response timeout 15 s): what a crash costs a real deployment.
/// </summary>
public sealed class RecoveryLocalCluster() : LocalCluster(new Dictionary<string, string>
{
    ["SocketIo__ConnectionStateRecovery__Enabled"] = "true",
});

// The same ports as the other multi-process cluster: both collections run alone, one after the other.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RecoveryLocalClusterCollection : ICollectionFixture<RecoveryLocalCluster>
{
    public const string Name = "local multi-process cluster, connection state recovery on";
}

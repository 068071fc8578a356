namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>
/// Tests that count the bytes a decoder allocates run alone: a test in parallel that allocates a lot makes the GC trim
/// ArrayPool.Shared, and a measured run then pays for buffers that a quiet run borrows for free.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurements
{
    public const string Name = "allocation measurements";
}

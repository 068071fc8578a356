using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace OrleansEio.SocketIo;

/// <summary>
/// Places a grain on the silo its key names (<see cref="SiloAddress.ToParsableString"/>), and nowhere else: a
/// silo's router must live on that silo, next to its sockets. When that silo is not active, placing it fails with
/// <see cref="SiloUnavailableException"/>, which is how callers learn that a silo is gone.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("OrleansEio.SocketIo.SiloPinnedPlacement")]
internal sealed class SiloPinnedPlacement : PlacementStrategy
{
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(new SiloPinnedPlacement());

internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (FormatException)
        {
            throw new SiloUnavailableException($"'{key}' is not a silo address.");
        }

        if (!context.GetCompatibleSilos(target).Contains(silo))
        {
            throw new SiloUnavailableException($"Silo {key} is not active: its router is gone with it.");
        }

        return Task.FromResult(silo);
    }
}

namespace OrleansEio.Hosting.Health;

/// <summary>
/// How many silo gateways this Orleans client is connected to, as the client itself reports it
/// (<see cref="IClusterConnectionStatusObserver"/>): the readiness of a gateway in client mode.
/// </summary>
internal sealed class GatewayConnections : IClusterConnectionStatusObserver
{
    private int _connected;

    public int Connected => Volatile.Read(ref _connected);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
        => Volatile.Write(ref _connected, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _connected, 0);
}

using OrleansEio.Sessions.State;

namespace OrleansEio.Tests.Sessions.State;

public sealed class ActiveTransportTests
{
    [Fact]
    public void Polling_carries_no_websocket()
    {
        Assert.False(ActiveTransport.Polling.IsWebSocket);
        Assert.Equal("polling", ActiveTransport.Polling.Name);
        Assert.False(ActiveTransport.Polling.IsSocket(Guid.Empty));
    }

    [Fact]
    public void A_websocket_transport_is_its_one_connection()
    {
        var connection = Guid.NewGuid();
        var transport = ActiveTransport.WebSocket(connection);
        Assert.Equal("websocket", transport.Name);
        Assert.True(transport.IsSocket(connection));
        Assert.False(transport.IsSocket(Guid.NewGuid()));
    }

    [Fact]
    public void A_websocket_without_a_connection_id_is_refused()
        => Assert.Throws<ArgumentException>(() => ActiveTransport.WebSocket(Guid.Empty));
}

using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>One Socket.IO session whose polling requests and WebSocket upgrade land on different gateways.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class SocketIoCrossGatewayTests(GatewayCluster cluster) : IDisposable
{
    private const string Path = "/socket.io/";
    private readonly EioHttp _eio = new();

    private Uri A => cluster.Gateways[0];
    private Uri B => cluster.Gateways[1];
    private Uri C => cluster.Gateways[2];

    public void Dispose() => _eio.Dispose();

    private Task<EioHttp.Reply> Poll(Uri gateway, string sid) => _eio.GetAsync(EioHttp.Url(gateway, sid, path: Path));

    private Task<EioHttp.Reply> Post(Uri gateway, string sid, string body)
        => _eio.PostAsync(EioHttp.Url(gateway, sid, path: Path), new StringContent(body));

    [Fact]
    public async Task A_socket_io_session_connects_acks_and_upgrades_with_each_request_on_a_different_gateway()
    {
        var handshake = await _eio.GetAsync(EioHttp.Url(A, path: Path));
        var sid = System.Text.Json.JsonDocument.Parse(handshake.Body[1..]).RootElement.GetProperty("sid").GetString()!;

        Assert.Equal(200, (await Post(B, sid, "40/custom,{\"token\":\"x\"}")).Status);
        var connected = await Poll(C, sid);
        Assert.StartsWith("40/custom,{\"sid\":\"", connected.Body);
        Assert.Equal("42/custom,[\"auth\",{\"token\":\"x\"}]", (await Poll(A, sid)).Body);

        Assert.Equal(200, (await Post(C, sid, "42/custom,7[\"message-with-ack\",\"over polling\"]")).Status);
        Assert.Equal("43/custom,7[\"over polling\"]", (await Poll(B, sid)).Body);

        using var socket = await EioHttp.ConnectAsync(B, sid, Path);
        await EioHttp.SendTextAsync(socket, "2probe");
        Assert.Equal("3probe", await EioHttp.ReceiveAsync(socket));
        Assert.Equal("6", (await Poll(C, sid)).Body);
        await EioHttp.SendTextAsync(socket, "5");

        await EioHttp.SendTextAsync(socket, "42/custom,[\"message\",\"over websocket\"]");
        Assert.Equal("42/custom,[\"message-back\",\"over websocket\"]", await EioHttp.ReceiveAsync(socket));
        Assert.Equal(400, (await Post(A, sid, "42/custom,[\"message\",\"late\"]")).Status);
    }

    [Theory]
    [InlineData("42{}")]
    [InlineData("4abc")]
    [InlineData("4599999-[\"x\"]")]
    public async Task A_malformed_socket_io_packet_closes_that_session_only_with_parse_error(string packet)
    {
        using var bystander = await EioHttp.ConnectAsync(B, path: Path);
        await EioHttp.ReceiveAsync(bystander);
        await EioHttp.SendTextAsync(bystander, "40");
        Assert.StartsWith("40{", await EioHttp.ReceiveAsync(bystander));
        using var socket = await EioHttp.ConnectAsync(A, path: Path);
        await EioHttp.ReceiveAsync(socket);
        await EioHttp.SendTextAsync(socket, "40");
        Assert.StartsWith("40{", await EioHttp.ReceiveAsync(socket));

        await EioHttp.SendTextAsync(socket, packet);

        string? frame;
        do
        {
            frame = await EioHttp.ReceiveAsync(socket);
        }
        while (frame is not null);
        Assert.Equal("parse error", socket.CloseStatusDescription);
        await EioHttp.SendTextAsync(bystander, "42[\"message\",\"still fine\"]");
        string? reply;
        do
        {
            reply = await EioHttp.ReceiveAsync(bystander);
        }
        while (reply is not null && !reply.StartsWith("42[\"message-back\"", StringComparison.Ordinal));
        Assert.Equal("42[\"message-back\",\"still fine\"]", reply);
    }
}

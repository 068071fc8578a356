using System.Text.Json;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.SocketIo;

namespace OrleansEio.Tests.Interop;

/// <summary>
/// The npm <c>socket.io-client</c> against namespace <c>/listeners</c> of <see cref="SocketIoTestApp"/>, through a
/// gateway of a two-silo cluster: any-listeners, outgoing listeners, volatile emits, per-packet middleware and its
/// error hook, and <c>Once</c>, as socket.io 4.8 runs them (tests/interop/socketio-listeners.mjs).
/// </summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class SocketIoListenersInteropTests(GatewayCluster cluster)
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task The_npm_socket_io_client_sees_the_listeners_run_as_socket_io_runs_them(string transport)
    {
        var r = await ClientScript.NodeAsync("socketio-listeners.mjs", cluster.Gateways[0].ToString(), SocketIoTestApp.Path, transport);

        Assert.Equal(transport, r.GetProperty("transport").GetString());
        Assert.Equal(
            ["first nobody-handles", "any nobody-handles", "middleware nobody-handles", "first seen", "any seen"],
            Strings(r.GetProperty("incoming")));
        Assert.Equal(["out direct [1]", "out broadcasted [2]"], Strings(r.GetProperty("outgoing")));
        Assert.Equal("[\"UnauthorizedAccessException\",\"not allowed: x\"]", r.GetProperty("error").GetRawText());
        Assert.False(r.GetProperty("forbiddenHandled").GetBoolean());
        Assert.False(r.GetProperty("forbiddenAnswered").GetBoolean());
        Assert.Equal(["first time", "again"], Strings(r.GetProperty("once")));

        var bursts = r.GetProperty("bursts").EnumerateArray().Select(b => b.GetInt32()).ToArray();
        if (transport == "websocket")
        {
            // The gateway's pull waits for frames while the client is idle, so the first goes and the rest find it busy.
            Assert.Equal([0], bursts);
        }
        else
        {
            // The client's next GET races its POST to the server: the first goes if the GET is there first.
            Assert.True(bursts is [] or [0], "bursts: " + string.Join(",", bursts));
        }
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}

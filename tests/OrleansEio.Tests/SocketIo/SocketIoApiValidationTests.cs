using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// Every API that takes a room, an event or a namespace checks it where the call is made: the exception is
/// thrown in the calling handler, with a message that says what is wrong, and nothing reaches the cluster.
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class SocketIoApiValidationTests(FakeClockCluster cluster)
{
    [Theory]
    [InlineData("emit-null", "ArgumentNullException")]
    [InlineData("emit-empty", "ArgumentException")]
    [InlineData("emit-reserved", "ArgumentException", "\"disconnect\" is a reserved event name")]
    [InlineData("emit-with-ack-reserved", "ArgumentException", "\"connect\" is a reserved event name")]
    [InlineData("on-reserved", "ArgumentException", "use OnDisconnect")]
    [InlineData("on-null", "ArgumentNullException")]
    [InlineData("join-null", "ArgumentNullException")]
    [InlineData("join-empty", "ArgumentException", "must not be empty")]
    [InlineData("join-long", "ArgumentException", "at most 16 chars (SocketIo:MaxRoomNameLength)")]
    [InlineData("leave-null", "ArgumentNullException")]
    [InlineData("to-null", "ArgumentNullException")]
    [InlineData("to-long", "ArgumentException", "MaxRoomNameLength")]
    [InlineData("nsp-to-empty", "ArgumentException")]
    [InlineData("nsp-except-null", "ArgumentNullException")]
    [InlineData("nsp-emit-reserved", "ArgumentException", "\"disconnecting\" is a reserved event name")]
    [InlineData("nsp-emit-null", "ArgumentNullException")]
    [InlineData("nsp-sockets-join-null", "ArgumentNullException")]
    [InlineData("nsp-sockets-leave-long", "ArgumentException")]
    [InlineData("join-ok", "none")]
    [InlineData("once-reserved", "ArgumentException", "use OnDisconnecting")]
    [InlineData("once-null", "ArgumentNullException")]
    [InlineData("off-empty", "ArgumentException", "must not be empty")]
    [InlineData("listeners-null", "ArgumentNullException")]
    [InlineData("remove-all-empty", "ArgumentException")]
    [InlineData("on-any-null", "ArgumentNullException")]
    [InlineData("on-any-outgoing-null", "ArgumentNullException")]
    [InlineData("use-null", "ArgumentNullException")]
    [InlineData("on-disconnecting-null", "ArgumentNullException")]
    [InlineData("on-error-null", "ArgumentNullException")]
    [InlineData("timeout-negative", "ArgumentOutOfRangeException")]
    [InlineData("emit-with-ack-negative-timeout", "ArgumentOutOfRangeException")]
    [InlineData("volatile-emit-reserved", "ArgumentException", "\"connect\" is a reserved event name")]
    [InlineData("timeout-emit-with-ack-reserved", "ArgumentException", "\"disconnect\" is a reserved event name")]
    [InlineData("in-long", "ArgumentException", "MaxRoomNameLength")]
    [InlineData("nsp-in-null", "ArgumentNullException")]
    [InlineData("local-emit-reserved", "ArgumentException", "\"newListener\" is a reserved event name")]
    public async Task A_bad_argument_throws_in_the_calling_handler(string misuse, string thrown, string? says = null)
    {
        var session = await SioGrainSession.ConnectAsync(cluster);

        await session.PostAsync("21[\"misuse\",\"" + misuse + "\"]");

        var answer = System.Text.Json.JsonDocument.Parse(Assert.Single(await session.PollAsync())[2..]).RootElement;
        Assert.Equal(thrown, answer[0].GetString());
        Assert.Contains(says ?? string.Empty, answer[1].GetString());
        Assert.Equal("Open", await session.StateAsync());
    }

    [Fact]
    public void A_namespace_is_checked_by_Of_and_a_missing_slash_is_added_as_socket_io_does()
    {
        var server = new SocketIoServer(cluster.Grains, BudgetApp.Path);

        Assert.Throws<ArgumentNullException>(() => server.Of(null!));
        Assert.Throws<ArgumentNullException>(() => server.Of("/").To(null!));
        Assert.Throws<ArgumentException>(() => server.Of("/").Except(new string('x', 257)));
        // Thrown by the call itself, not by the task it would return.
        Assert.Throws<ArgumentException>(() => { _ = server.Of("/").EmitAsync("newListener"); });
        Assert.NotNull(server.Of("dyn-1").To("room"));
    }

    [Fact]
    public void Local_on_a_node_without_a_silo_throws_and_says_why()
    {
        // A server made from a grain factory alone is what a gateway in client mode has: no router of its own.
        var server = new SocketIoServer(cluster.Grains, BudgetApp.Path);

        var thrown = Assert.Throws<InvalidOperationException>(() => server.Of("/").To("room").Local);

        Assert.Contains("hosts no silo", thrown.Message);
    }

    [Fact]
    public async Task A_reserved_event_name_from_a_client_is_a_parse_error_as_with_the_reference_parser()
    {
        var session = await SioGrainSession.ConnectAsync(cluster);

        await session.PostAsync("2[\"disconnect\"]");

        Assert.Equal(["close"], await session.PollAsync());
    }
}

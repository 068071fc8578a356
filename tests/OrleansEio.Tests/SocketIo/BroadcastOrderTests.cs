using System.Text.Json;
using OrleansEio.Sessions;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;
using OrleansEio.Tests.Interop;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// One sender, one order: broadcasts reach every receiver, on every silo, in the order their sender made them,
/// however its handlers interleave and whether or not it waits for each one.
/// </summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class BroadcastOrderTests(GatewayCluster cluster)
{
    [Fact]
    public async Task A_pipelined_publishers_room_broadcasts_reach_every_subscriber_on_both_silos_once_and_in_order()
    {
        const int Ticks = 300;
        var r = await ClientScript.NodeAsync("ordered-broadcasts.mjs", TimeSpan.FromSeconds(120), string.Join(",", cluster.Gateways), "12", Ticks.ToString(), "1");

        Assert.Equal(Ticks, r.GetProperty("acked").GetInt32());
        Assert.Equal(2, (await SilosOfAsync(r.GetProperty("sids"))).Distinct().Count());
        var verdict = r.GetRawText();
        Assert.True(r.GetProperty("outOfOrder").GetInt32() == 0, "out of order: " + verdict);
        Assert.True(r.GetProperty("duplicates").GetInt32() == 0, "twice: " + verdict);
        Assert.True(r.GetProperty("missingAcked").GetInt32() == 0, "acked but missing: " + verdict);
    }

    [Fact]
    public async Task Emits_from_outside_the_cluster_not_awaited_one_by_one_keep_their_order_at_every_receiver()
    {
        const int Emits = 300;
        var room = "outside-" + Guid.NewGuid().ToString("N")[..8];
        var clients = new List<SocketIOClient.SocketIO>();
        var received = new List<List<int>>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var client = await SioClients.ConnectAsync(cluster.Gateways[i % 3], "/socket.io");
                var got = new List<int>();
                client.On("news", response =>
                {
                    lock (got)
                    {
                        got.Add(response.GetValue<int>(0));
                    }
                });
                await client.AskAsync("join", room);
                clients.Add(client);
                received.Add(got);
            }

            var server = new SocketIoServer(cluster.Cluster.Client, "/socket.io");
            await Task.WhenAll(Enumerable.Range(0, Emits).Select(n => server.Of("/").To(room).EmitAsync("news", n)).ToArray()).Within();

            await Eventually.True(() => Task.FromResult(received.All(got => { lock (got) { return got.Count >= Emits; } })));
            Assert.All(received, got =>
            {
                lock (got)
                {
                    Assert.Equal(Enumerable.Range(0, Emits), got);
                }
            });
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private async Task<string[]> SilosOfAsync(JsonElement sids)
    {
        var silos = new List<string>();
        foreach (var sid in sids.EnumerateArray())
        {
            silos.Add((await cluster.Cluster.Client.GetGrain<IEngineIoSessionGrain>(sid.GetString()!).Describe().Within()).Silo);
        }

        return [.. silos];
    }
}

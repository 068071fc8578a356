using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.TestingHost;
using OrleansEio.InteropApp;
using OrleansEio.SocketIo;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.SocketIo;

/// <summary>
/// A broadcast can be followed from its sender to every silo: its span, the call to the namespace's sequencer, and on
/// each silo the delivery, all in one trace, linked by Orleans' own activity propagation (what
/// <c>Telemetry:Otlp:Endpoint</c> turns on in the hosts). Two in-process silos and a client, each with propagation on.
/// </summary>
public sealed class BroadcastTracingTests(BroadcastTracingTests.TracedCluster cluster) : IClassFixture<BroadcastTracingTests.TracedCluster>
{
    public sealed class TracedCluster : IAsyncLifetime
    {
        public TestCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Cluster = new TestClusterBuilder(2)
                .AddSiloBuilderConfigurator<Configurator>()
                .AddClientBuilderConfigurator<Configurator>()
                .Build();
            await Cluster.DeployAsync().Within(TimeSpan.FromSeconds(60));
        }

        public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();

        private sealed class Configurator : ISiloConfigurator, IClientBuilderConfigurator
        {
            public void Configure(ISiloBuilder siloBuilder)
            {
                siloBuilder.AddActivityPropagation();
                siloBuilder.Services.AddSocketIo("/socket.io", SocketIoInteropApp.Configure);
            }

            public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder)
                => clientBuilder.AddActivityPropagation();
        }
    }

    private static readonly ActivitySource Test = new("OrleansEio.Tests.Tracing");

    [Fact]
    public async Task A_broadcast_is_one_trace_from_its_sender_to_the_delivery_on_every_silo()
    {
        // Only this test's trace is recorded: other tests of the run create activities too.
        var trace = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentDictionary<ActivitySpanId, Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("OrleansEio", StringComparison.Ordinal) || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.TraceId == trace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace)
                {
                    spans[activity.SpanId] = activity;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var silos = cluster.Cluster.Silos.Select(s => s.SiloAddress.ToString()).Order().ToArray();
        var server = new SocketIoServer(cluster.Cluster.Client, "/socket.io");
        using (var sender = Test.StartActivity("test sends", ActivityKind.Internal, new ActivityContext(trace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)))
        {
            await server.Of("/").To("traced-room").EmitAsync("news", 1).Within();
        }

        await Eventually.True(() => Task.FromResult(Named(spans, "socketio.broadcast.deliver").Length == silos.Length), because: "a delivery span on every silo");

        var broadcast = Assert.Single(Named(spans, "socketio.broadcast"));
        Assert.Equal(ActivityKind.Producer, broadcast.Kind);
        Assert.Equal("/", broadcast.GetTagItem("socketio.namespace"));
        var send = Assert.Single(Named(spans, "socketio.broadcast.send"));
        Assert.Equal(broadcast.SpanId, send.ParentSpanId);

        var routes = Named(spans, "socketio.broadcast.route");
        var deliveries = Named(spans, "socketio.broadcast.deliver");
        Assert.Equal(silos, routes.Select(r => (string)r.GetTagItem("orleanseio.silo")!).Order());
        Assert.Equal(silos, deliveries.Select(d => (string)d.GetTagItem("orleanseio.silo")!).Order());
        Assert.All(deliveries, delivery =>
        {
            var path = Ancestors(spans, delivery).Select(a => a.OperationName).ToArray();
            Assert.Contains("socketio.broadcast.route", path);
            Assert.True(path.Contains("socketio.broadcast"), $"the delivery on {delivery.GetTagItem("orleanseio.silo")} leads back to the broadcast: {string.Join(" <- ", path)}");
        });
    }

    private static Activity[] Named(ConcurrentDictionary<ActivitySpanId, Activity> spans, string name)
        => [.. spans.Values.Where(s => s.OperationName == name)];

    /// <summary>The recorded spans above <paramref name="span"/>, nearest first.</summary>
    private static IEnumerable<Activity> Ancestors(ConcurrentDictionary<ActivitySpanId, Activity> spans, Activity span)
    {
        while (spans.TryGetValue(span.ParentSpanId, out var parent))
        {
            yield return parent;
            span = parent;
        }
    }
}

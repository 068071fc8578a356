using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OrleansEio.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace OrleansEio.Tests.Deploy;

/// <summary>
/// The deployment material is checked, not run (no container engine here): no affinity anywhere, and the
/// ports, probes and environment variables are the ones the hosts actually listen on and read.
/// </summary>
public class ManifestTests
{
    private static readonly string DeployDir = Path.Combine(Repository.Root, "deploy");

    // Configuration keys the hosts read (GatewayHost, Silo Program, the options classes they bind), and the
    // downward-API variables Orleans' Kubernetes hosting reads.
    private static readonly HashSet<string> KnownKeys =
    [
        "Urls", "Node:Name", "Cluster:Mode", "Cluster:Clustering", "Cluster:Redis", "Cluster:Kubernetes",
        "Cluster:SiloPort", "Cluster:GatewayPort", "Cluster:ServiceId", "Cluster:ClusterId",
        "Gateway:ManagementPort", "Gateway:ForwardedHeaders:KnownNetworks:0", "EngineIo:SessionIdKeys:0", "TestApps:Enabled",
        "Telemetry:Prometheus:Enabled", "Telemetry:Otlp:Endpoint", "Logging:Console:FormatterName",
        "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "POD_NAMESPACE", "POD_NAME", "POD_IP",
    ];

    // Read by ASP.NET Core itself (the console logger's options), not by OrleansEio: SiloHostTests runs a host with it.
    private static readonly HashSet<string> FrameworkKeys = ["Logging:Console:FormatterName"];

    // The options classes the hosts bind, by configuration section.
    private static readonly Dictionary<string, Type[]> BoundSections = new()
    {
        ["Cluster"] = [typeof(OrleansEio.Hosting.ClusterHostOptions)],
        ["Gateway"] = [typeof(OrleansEio.Gateway.GatewayHostOptions), typeof(EngineIoGatewayOptions)],
        ["EngineIo"] = [typeof(EngineIoOptions)],
    };

    private static List<YamlMappingNode> KubernetesDocuments()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Path.Combine(DeployDir, "kubernetes"), "*.yaml", SearchOption.AllDirectories))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            documents.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }

        return documents;
    }

    private static string Kind(YamlMappingNode document) => ((YamlScalarNode)document["kind"]).Value!;

    private static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlMappingNode> Items(YamlNode node, params string[] path)
        => (At(node, path) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];

    [Fact]
    public void Every_kubernetes_manifest_parses_and_the_kustomization_lists_them_all()
    {
        // The base, and monitoring/ (Prometheus Operator resources, applied on their own where its CRDs exist).
        foreach (var folder in new[] { "kubernetes", Path.Combine("kubernetes", "monitoring") })
        {
            var directory = Path.Combine(DeployDir, folder);
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))));
            var listed = ((YamlSequenceNode)((YamlMappingNode)stream.Documents.Single().RootNode)["resources"]).Children.Select(c => ((YamlScalarNode)c).Value).ToHashSet();
            var files = Directory.GetFiles(directory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
            Assert.Equal(files.Order(), listed.Order());
        }
    }

    [Fact]
    public void No_service_ingress_or_balancer_configures_session_affinity()
    {
        var documents = KubernetesDocuments();
        foreach (var service in documents.Where(d => Kind(d) == "Service"))
        {
            Assert.Equal("None", Scalar(service, "spec", "sessionAffinity") ?? "None");
        }

        Assert.Equal("None", Scalar(documents.Single(d => Kind(d) == "Service" && Scalar(d, "metadata", "name") == "orleanseio-gateway"), "spec", "sessionAffinity"));
        foreach (var ingress in documents.Where(d => Kind(d) == "Ingress"))
        {
            var annotations = At(ingress, "metadata", "annotations") as YamlMappingNode;
            Assert.DoesNotContain(annotations?.Children.AsEnumerable() ?? [], a => Regex.IsMatch(a.Key + "=" + a.Value, "affinity|session-cookie|sticky|upstream-hash", RegexOptions.IgnoreCase));
        }

        var bicep = File.ReadAllText(Path.Combine(DeployDir, "azure", "main.bicep"));
        Assert.Contains("stickySessions: { affinity: 'none' }", bicep);
        Assert.DoesNotContain("'sticky'", bicep);

        var nginx = File.ReadAllLines(Path.Combine(DeployDir, "local", "nginx.conf.template")).Where(l => !l.TrimStart().StartsWith('#'));
        Assert.DoesNotContain(nginx, l => Regex.IsMatch(l, @"^\s*(ip_hash|hash|sticky)\b"));
    }

    [Fact]
    public void Probes_ports_and_environment_match_what_the_hosts_listen_on_and_read()
    {
        foreach (var deployment in KubernetesDocuments().Where(d => Kind(d) == "Deployment" && Scalar(d, "metadata", "name")!.StartsWith("orleanseio-")))
        {
            var container = Items(deployment, "spec", "template", "spec", "containers").Single();
            var env = Items(container, "env").ToDictionary(e => Scalar(e, "name")!, e => Scalar(e, "value"));
            var ports = Items(container, "ports").ToDictionary(p => Scalar(p, "name")!, p => int.Parse(Scalar(p, "containerPort")!));

            Assert.All(env.Keys, name => Assert.Contains(name.Replace("__", ":"), KnownKeys));
            var http = int.Parse(Regex.Match(env["Urls"]!, @":(\d+)$").Groups[1].Value);
            Assert.Equal(http, ports["http"]);

            // Health answers on the management port when one is set, and only there.
            var health = env.TryGetValue("Gateway__ManagementPort", out var management) ? int.Parse(management!) : http;
            Assert.Contains(health, ports.Values);
            Assert.Equal(("/readyz", health.ToString()), (Scalar(container, "readinessProbe", "httpGet", "path"), Scalar(container, "readinessProbe", "httpGet", "port")));
            Assert.Equal(("/healthz", health.ToString()), (Scalar(container, "livenessProbe", "httpGet", "path"), Scalar(container, "livenessProbe", "httpGet", "port")));
            if (env.TryGetValue("Cluster__SiloPort", out var siloPort))
            {
                Assert.Equal(int.Parse(siloPort!), ports["silo"]);
                Assert.Equal(int.Parse(env["Cluster__GatewayPort"]!), ports["gateway"]);
            }
        }

        var documents = KubernetesDocuments();
        var service = documents.Single(d => Kind(d) == "Service" && Scalar(d, "metadata", "name") == "orleanseio-gateway");
        var ingress = documents.Single(d => Kind(d) == "Ingress");
        var servicePort = Items(service, "spec", "ports").Single();
        Assert.Equal("8080", Scalar(servicePort, "targetPort"));
        var path = Items(Items(ingress, "spec", "rules").Single(), "http", "paths").Single();
        Assert.Equal(("orleanseio-gateway", Scalar(servicePort, "port")), (Scalar(path, "backend", "service", "name"), Scalar(path, "backend", "service", "port", "number")));
    }

    [Fact]
    public void The_configuration_keys_the_manifests_set_are_read_by_the_hosts()
    {
        var sources = string.Join('\n', Directory.GetFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var key in KnownKeys.Where(k => k.Contains(':') && !FrameworkKeys.Contains(k)))
        {
            Assert.True(IsBound(key) || IsTelemetry(key) || sources.Contains($"\"{key}\""), $"{key} is set by a manifest but no host reads it");
        }

        var bicep = File.ReadAllText(Path.Combine(DeployDir, "azure", "main.bicep"));
        var bicepEnv = Regex.Matches(bicep, @"\{ name: '(Urls|\w+__\w+)'").Select(m => m.Groups[1].Value.Replace("__", ":")).ToArray();
        Assert.Contains("Telemetry:Prometheus:Enabled", bicepEnv);
        Assert.All(bicepEnv, name => Assert.Contains(name, KnownKeys));
    }

    [Fact]
    public void No_manifest_or_image_turns_the_test_apps_on()
    {
        foreach (var deployment in KubernetesDocuments().Where(d => Kind(d) == "Deployment" && Scalar(d, "metadata", "name")!.StartsWith("orleanseio-")))
        {
            var env = Items(Items(deployment, "spec", "template", "spec", "containers").Single(), "env").ToDictionary(e => Scalar(e, "name")!, e => Scalar(e, "value"));
            Assert.Equal("false", env["TestApps__Enabled"]);
            Assert.DoesNotContain("EngineIo__SessionIdKeys__0", env.Where(e => e.Value is not null).Select(e => e.Key));
        }

        Assert.Contains("{ name: 'TestApps__Enabled', value: 'false' }", File.ReadAllText(Path.Combine(DeployDir, "azure", "main.bicep")));
        foreach (var file in Directory.GetFiles(Path.Combine(DeployDir, "docker"), "*.Dockerfile"))
        {
            Assert.Contains("TestApps__Enabled=false", File.ReadAllText(file));
        }
    }

    /// <summary>A <c>Telemetry</c> key changes what the hosts' telemetry settings say (both hosts read them the same way).</summary>
    private static bool IsTelemetry(string key)
    {
        static OrleansEio.Hosting.Telemetry.TelemetrySettings Read(string key, string value)
            => OrleansEio.Hosting.Telemetry.TelemetrySettings.From(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());

        return key.StartsWith("Telemetry:", StringComparison.Ordinal) && Read(key, key.EndsWith("Enabled", StringComparison.Ordinal) ? "true" : "http://collector:4317") != Read("Telemetry:Unknown", "x");
    }

    [Fact]
    public void Every_node_that_serves_metrics_is_scraped_where_it_serves_them()
    {
        var documents = KubernetesDocuments();
        var monitors = documents.Where(d => Kind(d) == "PodMonitor").ToArray();
        foreach (var deployment in documents.Where(d => Kind(d) == "Deployment" && Scalar(d, "metadata", "name")!.StartsWith("orleanseio-")))
        {
            var container = Items(deployment, "spec", "template", "spec", "containers").Single();
            var env = Items(container, "env").ToDictionary(e => Scalar(e, "name")!, e => Scalar(e, "value"));
            var ports = Items(container, "ports").ToDictionary(p => Scalar(p, "name")!, p => Scalar(p, "containerPort")!);
            Assert.Equal("true", env["Telemetry__Prometheus__Enabled"]);

            // /metrics answers on the management port when one is set (ManagementPort), else on the main port.
            var metricsPort = env.TryGetValue("Gateway__ManagementPort", out var management) ? management! : ports["http"];
            Assert.Equal(("true", metricsPort, "/metrics"), (
                Scalar(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/scrape"),
                Scalar(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"),
                Scalar(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/path")));

            var labels = (YamlMappingNode)At(deployment, "spec", "template", "metadata", "labels")!;
            var monitor = monitors.Single(m => ((YamlMappingNode)At(m, "spec", "selector", "matchLabels")!).Children.All(l => labels.Children.Contains(l)));
            var endpoint = Items(monitor, "spec", "podMetricsEndpoints").Single();
            Assert.Equal((metricsPort, "/metrics"), (ports[Scalar(endpoint, "port")!], Scalar(endpoint, "path")));
        }
    }

    /// <summary>A key like <c>Gateway:ForwardedHeaders:KnownNetworks:0</c> names a property path of an options class the hosts bind.</summary>
    private static bool IsBound(string key)
    {
        var parts = key.Split(':').Where(p => !int.TryParse(p, out _)).ToArray();
        return BoundSections.TryGetValue(parts[0], out var types) && types.Any(type =>
        {
            foreach (var part in parts[1..])
            {
                var property = type.GetProperty(part);
                if (property is null)
                {
                    return false;
                }

                type = property.PropertyType;
            }

            return true;
        });
    }

    [Theory]
    [InlineData("Silo.Dockerfile", "OrleansEio.Silo.dll", new[] { 8080, 11111, 30000 })]
    [InlineData("Gateway.Dockerfile", "OrleansEio.Gateway.dll", new[] { 8080 })]
    public void Dockerfiles_are_multi_stage_and_expose_what_the_host_listens_on(string file, string entryPoint, int[] ports)
    {
        var text = File.ReadAllText(Path.Combine(DeployDir, "docker", file));

        Assert.Equal(2, Regex.Matches(text, @"^FROM ", RegexOptions.Multiline).Count);
        Assert.Contains($"[\"dotnet\", \"{entryPoint}\"]", text);
        Assert.Contains("Urls=http://+:8080", text);
        var exposed = Regex.Match(text, @"^EXPOSE (.+)$", RegexOptions.Multiline).Groups[1].Value.Split(' ').Select(int.Parse);
        Assert.Equal(ports, exposed);
    }
}

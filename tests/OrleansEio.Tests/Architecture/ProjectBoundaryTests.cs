using System.Reflection;
using OrleansEio.Protocol.EngineIo;

namespace OrleansEio.Tests.Architecture;

public sealed class ProjectBoundaryTests
{
    [Fact]
    public void The_protocol_package_references_nothing_but_the_base_library()
    {
        var references = typeof(EnginePacket).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal), $"OrleansEio.Protocol references {name}"));
    }

    [Fact]
    public void The_grains_package_does_not_reference_aspnetcore()
    {
        var references = typeof(EngineIoOptions).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void No_package_contains_the_interop_or_demo_apps()
    {
        string[] packaged = ["OrleansEio.Protocol", "OrleansEio.Grains", "OrleansEio.AspNetCore", "OrleansEio.Hosting"];
        foreach (var name in packaged)
        {
            var assembly = Assembly.Load(name);
            Assert.DoesNotContain(assembly.GetTypes(), t => t.Namespace == "OrleansEio.InteropApp");
        }
    }
}

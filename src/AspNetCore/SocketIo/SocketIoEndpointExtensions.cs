using Microsoft.Extensions.Options;
using OrleansEio.Gateway.SocketIo;
using OrleansEio.SocketIo;

namespace OrleansEio;

/// <summary>The gateway side of Socket.IO: <c>app.MapSocketIo(path)</c> after <c>services.AddEngineIo()</c>.</summary>
public static class SocketIoEndpointExtensions
{
    /// <summary>
    /// Serves Socket.IO at <paramref name="path"/>: the Engine.IO endpoint whose silo-side application is
    /// <c>AddSocketIo(path, ...)</c>, and the official client bundles under it (<c>{path}/socket.io.js</c>, <c>.min.js</c>,
    /// <c>.esm.min.js</c>, <c>.msgpack.min.js</c> and their <c>.map</c> files, as socket.io's <c>serveClient</c>) unless
    /// <paramref name="serveClient"/> is false; when it is not given, <c>SocketIo:ServeClient</c> decides (default true).
    /// Conventions added to the result apply to every endpoint it maps.
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIo(this IEndpointRouteBuilder endpoints, string path = "/socket.io", bool? serveClient = null)
    {
        var normalized = EngineIoPaths.Normalize(path);
        var engine = endpoints.MapEngineIo(normalized).WithDisplayName("Socket.IO " + normalized);
        var serve = serveClient ?? endpoints.ServiceProvider.GetService<IOptions<SocketIoOptions>>()?.Value.ServeClient ?? true;
        return serve ? new Conventions([engine, .. SocketIoClientBundle.Map(endpoints, normalized)]) : engine;
    }

    private sealed class Conventions(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansEio.Hosting;

/// <summary>
/// Operations endpoints (health, admin, metrics) on a port of their own, which an ingress does not route to. When a
/// management port is set, those endpoints answer only on it and nothing else answers there; without one, they
/// share the application's port.
/// </summary>
public static class ManagementPort
{
    /// <summary>Marks an endpoint (or group) as an operations endpoint: with <see cref="UseManagementPort"/> and a port set, it answers only there.</summary>
    public static TBuilder OnManagementPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(ManagementEndpoint.Instance);

    /// <summary>
    /// Adds <paramref name="port"/> to the addresses the host listens on (<c>Urls</c> stays in force), on the host of
    /// the first of them (a node bound to 127.0.0.1 keeps its management port there too).
    /// </summary>
    public static void ListenOnManagementPort(this WebApplicationBuilder builder, int? port)
    {
        if (port is not { } management)
        {
            return;
        }

        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } configured ? configured : "http://localhost:5000";
        var first = BindingAddress.Parse(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
        builder.WebHost.UseUrls($"{urls};http://{first.Host}:{management}");
    }

    /// <summary>
    /// Answers 404 to an operations endpoint reached on another port, and to anything else reached on the
    /// management port. Judged by the port the connection arrived on, not by the <c>Host</c> header a client writes.
    /// </summary>
    public static void UseManagementPort(this IApplicationBuilder app, int? port)
    {
        if (port is not { } management)
        {
            return;
        }

        app.Use((context, next) =>
        {
            var onManagementPort = context.Connection.LocalPort == management;
            var isManagement = context.GetEndpoint()?.Metadata.GetMetadata<ManagementEndpoint>() is not null;
            if (onManagementPort != isManagement)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    private sealed class ManagementEndpoint
    {
        public static readonly ManagementEndpoint Instance = new();
    }
}

using System.Security.Cryptography;
using System.Text;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Hosting;
using OrleansEio.Sessions;

namespace OrleansEio.Gateway.Admin;

/// <summary>
/// Endpoints for operators and tests: a session's state (silo, transport, queue) and this gateway's WebSockets.
/// Off unless <c>Gateway:Admin:Enabled</c>; every call needs <c>Authorization: Bearer</c> with
/// <c>Gateway:Admin:ApiKey</c>, compared in constant time; on the management port when one is set.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder endpoints, AdminOptions options)
    {
        if (!options.Enabled || options.ApiKey is null)
        {
            // Enabled without a key fails start-up (GatewayHostOptionsValidator); nothing is mapped meanwhile.
            return;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey!));
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter((context, next) =>
            IsAuthorized(context.HttpContext.Request, expected) ? next(context) : ValueTask.FromResult<object?>(Results.Unauthorized()));
        admin.OnManagementPort();
        admin.MapGet("/sessions/{sid}", async (string sid, IGrainFactory grains)
            => Results.Json(await grains.GetGrain<IEngineIoSessionGrain>(sid).Describe().WaitAsync(TimeSpan.FromSeconds(5))));
        admin.MapGet("/node", (GatewayNode node, IConfiguration configuration)
            => Results.Json(new { name = configuration["Node:Name"], webSockets = node.WebSockets }));
    }

    /// <summary>Hashes both sides first, so the comparison takes as long whatever the length of what was sent.</summary>
    private static bool IsAuthorized(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}

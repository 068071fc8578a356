using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>
/// <c>EngineIo:Cors</c> as an ASP.NET Core CORS policy, applied by the Engine.IO endpoint itself with the framework's
/// <see cref="ICorsService"/> (so it holds whatever the application's pipeline looks like: the CORS middleware would
/// need <c>UseCors</c> after routing), and the same origin list applied to WebSocket handshakes (browsers send no
/// preflight for those, so CORS alone would not stop a foreign page from opening one).
/// </summary>
internal static class EngineIoCors
{
    public const string PolicyName = "OrleansEio.EngineIo";

    public static void AddEngineIoCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>()
            .Configure<IOptions<EngineIoOptions>>((cors, engineIo) => cors.AddPolicy(PolicyName, Build(engineIo.Value.Cors)));
    }

    /// <summary>
    /// The policy: no origins allows none (no CORS headers). <c>*</c> with credentials is refused at start-up by
    /// options validation; should it get here anyway, credentials are left out rather than any origin echoed.
    /// </summary>
    public static CorsPolicy Build(EngineIoCorsOptions options)
    {
        var policy = new CorsPolicyBuilder().WithMethods(HttpMethods.Get, HttpMethods.Post).AllowAnyHeader();
        var any = options.Origins.Contains("*", StringComparer.Ordinal);
        if (any)
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(options.Origins).SetIsOriginAllowedToAllowWildcardSubdomains();
            if (options.Credentials)
            {
                policy.AllowCredentials();
            }
        }

        if (options.ExposedHeaders.Length > 0)
        {
            policy.WithExposedHeaders(options.ExposedHeaders);
        }

        if (options.MaxAge is { } maxAge)
        {
            policy.SetPreflightMaxAge(maxAge);
        }

        return policy.Build();
    }

    /// <summary>Adds the CORS headers the policy allows; true when the request was a preflight, now answered (204).</summary>
    public static bool Apply(HttpContext context, ICorsService cors, CorsPolicy policy)
    {
        if (!context.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Origin))
        {
            return false;
        }

        var result = cors.EvaluatePolicy(context, policy);
        cors.ApplyResult(result, context.Response);
        if (!result.IsPreflightRequest)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return true;
    }

    /// <summary>
    /// Whether a WebSocket handshake may proceed: always when no origin list is configured or the request carries
    /// no <c>Origin</c> (a non-browser client); otherwise only for an allowed origin.
    /// </summary>
    public static bool AllowsWebSocket(CorsPolicy policy, EngineIoCorsOptions options, string? origin)
        => options.Origins.Length == 0 || string.IsNullOrEmpty(origin) || policy.AllowAnyOrigin || policy.IsOriginAllowed(origin);
}

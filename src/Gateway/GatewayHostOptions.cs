using Microsoft.Extensions.Options;
using OrleansEio.Hosting.Web;

namespace OrleansEio.Gateway;

/// <summary>
/// The gateway host's own settings from the <c>Gateway</c> section (the Engine.IO gateway's budgets there are
/// <see cref="EngineIoGatewayOptions"/>).
/// </summary>
public sealed class GatewayHostOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Kestrel sends on the flushing thread: each frame leaves in its own write (on in Conformance).</summary>
    public bool InlineScheduling { get; set; }

    /// <summary>A port for health and admin endpoints; when set, they answer only there.</summary>
    public int? ManagementPort { get; set; }

    public AdminOptions Admin { get; set; } = new();

    /// <summary>Proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed.</summary>
    public TrustedProxyOptions ForwardedHeaders { get; set; } = new();

    public static GatewayHostOptions From(IConfiguration configuration)
        => configuration.GetSection(SectionName).Get<GatewayHostOptions>() ?? new GatewayHostOptions();
}

/// <summary>The admin endpoints (<c>/admin/...</c>): off unless enabled, and then only with the API key.</summary>
public sealed class AdminOptions
{
    public bool Enabled { get; set; }

    /// <summary>Sent by callers as <c>Authorization: Bearer &lt;key&gt;</c>; required, 32 characters or more, when enabled.</summary>
    public string? ApiKey { get; set; }
}

internal sealed class GatewayHostOptionsValidator : IValidateOptions<GatewayHostOptions>
{
    private const string Section = GatewayHostOptions.SectionName + ":";
    internal const int MinApiKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, GatewayHostOptions options)
    {
        var failures = new List<string>();
        if (options.ManagementPort is { } port && port is < 1 or > 65535)
        {
            failures.Add($"{Section}ManagementPort must be a port, 1 to 65535 (was {port}).");
        }

        if (options.Admin.Enabled && (options.Admin.ApiKey?.Length ?? 0) < MinApiKeyLength)
        {
            failures.Add($"{Section}Admin:ApiKey must be set, {MinApiKeyLength} characters or more, when {Section}Admin:Enabled is true (e.g. `openssl rand -base64 32`).");
        }

        failures.AddRange(options.ForwardedHeaders.Validate(Section + "ForwardedHeaders"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

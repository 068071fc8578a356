using Microsoft.Extensions.Options;

namespace OrleansEio;

/// <summary>Checks <see cref="EngineIoGatewayOptions"/> at start-up; each failure names its configuration key.</summary>
internal sealed class EngineIoGatewayOptionsValidator : IValidateOptions<EngineIoGatewayOptions>
{
    private const string Section = EngineIoGatewayOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, EngineIoGatewayOptions options)
    {
        var failures = new List<string>();
        if (options.WriteTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}WriteTimeout must be positive (was {options.WriteTimeout}).");
        }

        if (options.SiloLossCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}SiloLossCheckInterval must be positive (was {options.SiloLossCheckInterval}).");
        }

        var handshakes = options.Handshakes;
        foreach (var (key, value) in new[]
        {
            ("PerSecondPerAddress", handshakes.PerSecondPerAddress),
            ("BurstPerAddress", handshakes.BurstPerAddress),
            ("PerSecond", handshakes.PerSecond),
            ("Burst", handshakes.Burst),
        })
        {
            if (value <= 0)
            {
                failures.Add($"{Section}Handshakes:{key} must be positive (was {value}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// A gateway that is an Orleans client shares sessions with other gateways, so they must all verify the sids each
/// one signs: <c>EngineIo:SessionIdKeys</c> is required there (an embedded single process makes its own key).
/// </summary>
internal sealed class SessionIdKeysRequiredValidator(IServiceProvider services) : IValidateOptions<EngineIoOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineIoOptions options)
        => options.SessionIdKeys.Length == 0 && services.GetService<Orleans.Runtime.ILocalSiloDetails>() is null
            ? ValidateOptionsResult.Fail(
                "EngineIo:SessionIdKeys is required on a gateway that is an Orleans client: every gateway must verify the sids the others sign. "
                + "Give every node the same key (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).")
            : ValidateOptionsResult.Success;
}

using Microsoft.Extensions.Options;

namespace OrleansEio.SocketIo;

/// <summary>Checks <see cref="SocketIoOptions"/> at start-up; each failure names its configuration key.</summary>
internal sealed class SocketIoOptionsValidator : IValidateOptions<SocketIoOptions>
{
    private const string Section = SocketIoOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SocketIoOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}{nameof(options.ConnectTimeout)} must be positive (was {options.ConnectTimeout}).");
        }

        if (options.DirectoryRefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}{nameof(options.DirectoryRefreshInterval)} must be positive (was {options.DirectoryRefreshInterval}).");
        }

        if (options.MaxAttachments <= 0)
        {
            failures.Add($"{Section}{nameof(options.MaxAttachments)} must be positive (was {options.MaxAttachments}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

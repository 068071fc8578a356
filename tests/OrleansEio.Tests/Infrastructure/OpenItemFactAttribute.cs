namespace OrleansEio.Tests.Infrastructure;

/// <summary>
/// A test of behaviour the project promises but does not deliver reliably yet: it runs only with
/// its switch variable set to 1 (<c>ORLEANSEIO_OPEN_ITEMS</c> unless named) and is reported as skipped, with its
/// reason, otherwise. Each use names the
/// open item, so the skip is visible in every run instead of a red CI that hides everything else.
/// </summary>
public sealed class OpenItemFactAttribute : FactAttribute
{
    public OpenItemFactAttribute(string openItem, string switchVariable = "ORLEANSEIO_OPEN_ITEMS")
    {
        if (Environment.GetEnvironmentVariable(switchVariable) != "1")
        {
            Skip = $"open item: {openItem} (set {switchVariable}=1 to run it)";
        }
    }
}

namespace OrleansEio.Tests.Infrastructure;

internal static class Eventually
{
    /// <summary>Re-checks observable state until it holds; fails after <paramref name="timeout"/>.</summary>
    public static async Task True(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Bounded.Default);
        while (!await condition().Within())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Condition not met in time" + (because is null ? "." : ": " + because));
            }

            await Task.Delay(5);
        }
    }
}

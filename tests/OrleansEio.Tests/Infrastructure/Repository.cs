namespace OrleansEio.Tests.Infrastructure;

internal static class Repository
{
    /// <summary>The checkout's root: the folder that holds OrleansEio.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansEio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OrleansEio.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace CyberAgg.Deploy.Tests.Support;

/// <summary>Finds files of the repository from the test's output folder, wherever the clone lives.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding CyberAgg.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The deploy/ folder.</summary>
    public static string Deploy => Path.Combine(Root, "deploy");

    /// <summary>A path under deploy/, from slash-separated parts.</summary>
    public static string InDeploy(string relative) => Path.Combine(Deploy, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CyberAgg.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CyberAgg.sln above {AppContext.BaseDirectory}.");
    }
}

namespace CyberAgg.Rules.Tests.Support;

/// <summary>Finds the repository root (the folder holding CyberAgg.sln) and the shared Sigma corpus beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ShippedRules => Path.Combine(Root, "rules");

    public static string SharedSigma => Path.GetFullPath(Path.Combine(Root, "..", "shared", "sigma"));

    /// <summary>Whether the SigmaHQ corpus is beside the repository (it is not part of a plain clone).</summary>
    public static bool HasSharedSigma => Directory.Exists(SharedSigma) && Directory.GetDirectories(SharedSigma, "rules*").Length > 0;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CyberAgg.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CyberAgg.sln not found above {AppContext.BaseDirectory}");
    }
}

using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// Finds <c>libchdb.so</c>, fetching it once with <c>npm pack</c> into a per-user cache outside the repository.
/// </summary>
public static class ChdbProvisioner
{
    /// <summary>The npm package that ships libchdb.so for glibc x64.</summary>
    public const string PackageName = "@chdb/lib-linux-x64-gnu";

    /// <summary>The pinned package version (ClickHouse engine 26.5).</summary>
    public const string PackageVersion = "26.5.3";

    /// <summary>Environment variable naming an existing libchdb.so, which skips the download.</summary>
    public const string LibraryVariable = "CYBERAGG_CHDB_LIB";

    /// <summary>Environment variable overriding the cache root (default <c>$XDG_CACHE_HOME/cyberagg</c> or <c>~/.cache/cyberagg</c>).</summary>
    public const string CacheVariable = "CYBERAGG_CACHE";

    /// <summary>The folder the library is cached in.</summary>
    public static string CacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(CacheVariable);
            if (string.IsNullOrEmpty(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                root = string.IsNullOrEmpty(xdg)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cyberagg")
                    : Path.Combine(xdg, "cyberagg");
            }

            return Path.Combine(root, "chdb", PackageVersion);
        }
    }

    /// <summary>Returns the path of libchdb.so, downloading it first if it is not cached.</summary>
    /// <param name="progress">Where to say that a download runs and how it went; null for silence.</param>
    /// <exception cref="ChdbUnavailableException">The library is not cached and cannot be fetched.</exception>
    public static string EnsureLibrary(TextWriter? progress)
    {
        var explicitPath = Environment.GetEnvironmentVariable(LibraryVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new ChdbUnavailableException($"{LibraryVariable} names '{explicitPath}', which does not exist. Unset it to download chDB automatically, or point it at a libchdb.so.");
        }

        var directory = CacheDirectory;
        var library = Path.Combine(directory, "libchdb.so");
        if (File.Exists(library))
        {
            return library;
        }

        Directory.CreateDirectory(directory);
        using var lockFile = AcquireLock(Path.Combine(directory, ".lock"), progress);
        if (!File.Exists(library))
        {
            Download(directory, library, progress);
        }

        return library;
    }

    private static FileStream AcquireLock(string path, TextWriter? progress)
    {
        var waited = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                // Another process (a parallel test run, a second CLI) is downloading: wait for it rather than fetch twice.
                if (!told)
                {
                    progress?.WriteLine($"Waiting for another process that is downloading chDB into {Path.GetDirectoryName(path)} ...");
                    told = true;
                }

                Task.Delay(500).GetAwaiter().GetResult();
            }
        }
    }

    private static void Download(string directory, string library, TextWriter? progress)
    {
        var staging = Path.Combine(directory, "staging-" + Environment.ProcessId);
        Directory.CreateDirectory(staging);
        try
        {
            progress?.WriteLine($"First run: downloading chDB {PackageVersion} (ClickHouse engine, about 170 MB) with npm into {directory} ...");
            var clock = Stopwatch.StartNew();
            RunNpmPack(staging);
            var tarball = Directory.GetFiles(staging, "*.tgz").SingleOrDefault()
                ?? throw new ChdbUnavailableException($"npm pack {PackageName}@{PackageVersion} produced no .tgz in {staging}.");
            ExtractLibrary(tarball, library + ".partial");
            File.Move(library + ".partial", library, overwrite: true);
            progress?.WriteLine($"chDB ready: {new FileInfo(library).Length / (1024 * 1024)} MiB unpacked in {clock.Elapsed.TotalSeconds:F0} s.");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static void RunNpmPack(string staging)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = staging,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pack", $"{PackageName}@{PackageVersion}", "--silent", "--pack-destination", staging })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ChdbUnavailableException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ChdbUnavailableException(
                $"npm is not installed, and the embedded ClickHouse needs it once to fetch {PackageName}@{PackageVersion}. " +
                $"Install Node.js and npm (Debian: apt-get install -y npm), or set {LibraryVariable} to an existing libchdb.so.", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new ChdbUnavailableException(
                    $"npm pack {PackageName}@{PackageVersion} failed with exit code {process.ExitCode}: {stderr.Result.Trim()} " +
                    $"Check access to the npm registry, or set {LibraryVariable} to an existing libchdb.so.");
            }
        }
    }

    private static void ExtractLibrary(string tarball, string destination)
    {
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name.EndsWith("/libchdb.so", StringComparison.Ordinal) && entry.DataStream is not null)
            {
                using var output = File.Create(destination);
                entry.DataStream.CopyTo(output);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }

                return;
            }
        }

        throw new ChdbUnavailableException($"{tarball} holds no libchdb.so; the package layout changed.");
    }
}

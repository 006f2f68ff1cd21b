using System.Runtime.InteropServices;

namespace CyberAgg.Agent.Commands;

/// <summary>
/// One glibc malloc arena for the process. glibc gives each thread that contends for the heap an arena of its own;
/// librdkafka's broker threads each grew one, about 10 MB of peak RSS for memory the agent never needed at once
/// (benchmarks/agent/README.md). The managed heap does not use malloc, so the agent's hot path does not contend.
/// </summary>
internal static partial class MallocArenas
{
    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>Call first thing in Main, before any native library starts threads. A no-op off glibc (musl, macOS).</summary>
    public static void UseOne()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            // An operator's MALLOC_ARENA_MAX wins: glibc has read it already.
            return;
        }

        try
        {
            _ = MallOpt(ArenaMax, 1);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (Alpine's musl has no arenas to limit).
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}

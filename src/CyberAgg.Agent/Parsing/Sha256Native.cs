using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// SHA-256 through libcrypto's SHA256_Init/Update/Final on a context on the stack. The one-shot
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> allocates, frees and error-clears an EVP context per
/// call, which cost the agent as much CPU as the hashing itself (benchmarks/agent/README.md). Only for event ids, where
/// the digest must merely equal SHA-256; the batch HMAC stays on the platform API. Falls back to
/// <see cref="SHA256"/> where libcrypto 3 or these symbols are missing, or where its answer fails a known-answer test.
/// </summary>
internal static unsafe partial class Sha256Native
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int ContextBytes = 128; // sizeof(SHA256_CTX) is 112 on every platform OpenSSL 3 supports
    private const int SuppressedUpTo = 64 * 1024;

    public static bool Available { get; } = Probe();

    /// <summary>SHA-256 of the concatenation of up to three spans, into a 32-byte <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> digest)
    {
        var context = stackalloc byte[ContextBytes];
        fixed (byte* pa = a, pb = b, pc = c, pd = digest)
        {
            _ = Init(context);
            Add(context, pa, a.Length);
            Add(context, pb, b.Length);
            Add(context, pc, c.Length);
            _ = Final(pd, context);
        }
    }

    private static void Add(byte* context, byte* data, int length) =>
        _ = length <= SuppressedUpTo ? Update(context, data, (nuint)length) : UpdateLong(context, data, (nuint)length);

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            ReadOnlySpan<byte> sample = "partner\0origin@12{\"a\":1}"u8;
            Span<byte> native = stackalloc byte[32];
            Span<byte> platform = stackalloc byte[32];
            Hash(sample[..8], sample[8..18], sample[18..], native);
            SHA256.HashData(sample, platform);
            return native.SequenceEqual(platform);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // No GC transition around these calls (five per record, each a switch to preemptive mode and back): they neither
    // block nor call back, and an update over at most SuppressedUpTo bytes takes some 30 us, the longest a GC could then
    // wait for this thread. Longer records (max_record_bytes allows up to 16 MiB) go through UpdateLong, with the transition.
    [LibraryImport(LibCrypto, EntryPoint = "SHA256_Init")]
    [SuppressGCTransition]
    private static partial int Init(byte* context);

    [LibraryImport(LibCrypto, EntryPoint = "SHA256_Update")]
    [SuppressGCTransition]
    private static partial int Update(byte* context, byte* data, nuint length);

    [LibraryImport(LibCrypto, EntryPoint = "SHA256_Update")]
    private static partial int UpdateLong(byte* context, byte* data, nuint length);

    [LibraryImport(LibCrypto, EntryPoint = "SHA256_Final")]
    [SuppressGCTransition]
    private static partial int Final(byte* digest, byte* context);
}

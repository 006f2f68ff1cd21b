using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CyberAgg.Agent.Parsing;
using CsCheck;

namespace CyberAgg.Agent.Tests.Parsing;

public sealed class Sha256NativeTests
{
    [Fact]
    public void Available_WhereLibcrypto3Loads_True()
    {
        var loads = NativeLibrary.TryLoad("libcrypto.so.3", out var handle);
        if (loads)
        {
            NativeLibrary.Free(handle);
        }

        // The agent's hosts (Debian 12, the container image) have OpenSSL 3; elsewhere the platform SHA-256 serves.
        Sha256Native.Available.ShouldBe(loads && OperatingSystem.IsLinux());
    }

    [Fact]
    public void Hash_AnySplitOfAnyInput_EqualsPlatformSha256()
    {
        Assert.True(Sha256Native.Available, "needs libcrypto.so.3 (OpenSSL 3), which this host lacks");
        Gen.Select(Gen.Byte.Array[0, 2000], Gen.Int[0, 2000], Gen.Int[0, 2000]).Sample((data, i, j) =>
        {
            var a = Math.Min(i, data.Length);
            var b = Math.Min(Math.Max(a, j), data.Length);
            var native = new byte[32];
            Sha256Native.Hash(data.AsSpan(0, a), data.AsSpan(a, b - a), data.AsSpan(b), native);
            native.ShouldBe(SHA256.HashData(data));
        });
    }

    [Fact]
    public void Hash_PartsAroundTheSuppressedTransitionLimit_EqualsPlatformSha256()
    {
        // Parts up to 64 KiB are hashed without a GC transition, longer ones with it: both must give the same digest.
        Assert.True(Sha256Native.Available, "needs libcrypto.so.3 (OpenSSL 3), which this host lacks");
        var data = new byte[200_000];
        new Random(7).NextBytes(data);
        foreach (var split in new[] { 0, 1, 65_535, 65_536, 65_537, 131_072, 199_999 })
        {
            var native = new byte[32];
            Sha256Native.Hash(data.AsSpan(0, split), data.AsSpan(split), [], native);
            native.ShouldBe(SHA256.HashData(data), $"split at {split}");
        }
    }
}

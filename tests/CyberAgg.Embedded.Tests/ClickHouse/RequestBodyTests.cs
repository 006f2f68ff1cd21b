using CsCheck;
using CyberAgg.Embedded.ClickHouse;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>The spool an INSERT's data goes through: the file holds exactly the data, however the body arrives.</summary>
public sealed class RequestBodyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cyberagg-spool-tests-").FullName;

    [Fact]
    public async Task SpoolAsync_AnyPrefixBodyAndReadSizes_FileHoldsPrefixThenBody()
    {
        var sizes = Gen.Frequency((3, Gen.Int[0, 5_000]), (1, Gen.Int[1_000_000, 2_500_000]));
        await Gen.Select(Gen.Int[0, 300], sizes, Gen.Int[1, 200_000], Gen.Int)
            .SampleAsync(
                async (prefixLength, bodyLength, maxRead, seed) =>
                {
                    var random = new Random(seed);
                    var prefix = new byte[prefixLength];
                    var body = new byte[bodyLength];
                    random.NextBytes(prefix);
                    random.NextBytes(body);
                    var path = Path.Combine(folder, Guid.NewGuid().ToString("N"));

                    var total = await RequestBody.SpoolAsync(prefix, new TrickleStream(body, maxRead), path, long.MaxValue, CancellationToken.None);

                    total.ShouldBe(prefixLength + bodyLength);
                    (await File.ReadAllBytesAsync(path)).ShouldBe([.. prefix, .. body]);
                    File.Delete(path);
                },
                iter: 30,
                threads: 1);
    }

    [Fact]
    public async Task SpoolAsync_BodyPastTheLimit_ThrowsRequestTooLarge()
    {
        var path = Path.Combine(folder, "large");

        var e = await Should.ThrowAsync<RequestTooLargeException>(() =>
            RequestBody.SpoolAsync(new byte[10], new TrickleStream(new byte[3 << 20], 64 * 1024), path, (2 << 20) + 5, CancellationToken.None));

        e.Message.ShouldContain("larger than 2097157 bytes");
    }

    [Fact]
    public async Task SpoolAsync_NoBody_FileHoldsThePrefix()
    {
        var path = Path.Combine(folder, "prefix-only");

        (await RequestBody.SpoolAsync("1\tx\n"u8.ToArray(), null, path, 100, CancellationToken.None)).ShouldBe(4);

        (await File.ReadAllBytesAsync(path)).ShouldBe("1\tx\n"u8.ToArray());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A body that arrives in reads of at most <paramref name="maxRead"/> bytes, as a socket delivers it.</summary>
    private sealed class TrickleStream(byte[] data, int maxRead) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, maxRead), data.Length - position);
            data.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// Decompresses a gzip body and checks its trailer, so a truncated body is an error rather than a silent prefix.
/// </summary>
/// <remarks>
/// .NET's <see cref="GZipStream"/> reports end of stream, not an error, when compressed input stops early; an
/// insert would then store the rows before the cut. The gzip trailer's ISIZE (length mod 2^32) catches that.
/// </remarks>
internal sealed class GzipCheckedStream : Stream
{
    private readonly TailStream raw;
    private readonly GZipStream gzip;
    private long produced;
    private bool verified;

    public GzipCheckedStream(Stream body)
    {
        raw = new TailStream(body);
        gzip = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => produced; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Check(gzip.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await gzip.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Check(int read)
    {
        if (read > 0)
        {
            produced += read;
            return read;
        }

        if (!verified)
        {
            verified = true;
            var expected = raw.Total >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(raw.Tail.AsSpan(4)) : uint.MaxValue;
            if (raw.Total < 18 || expected != (uint)produced)
            {
                throw new InvalidDataException($"the gzip stream is truncated or corrupt: it decompressed to {produced} bytes, its trailer says {expected}.");
            }
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gzip.Dispose();
            raw.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Passes reads through and remembers the last 8 bytes: the gzip trailer once the input ends.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        public byte[] Tail { get; } = new byte[8];

        public long Total { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Remember(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Remember(ReadOnlySpan<byte> read)
        {
            Total += read.Length;
            if (read.Length >= 8)
            {
                read[^8..].CopyTo(Tail);
            }
            else if (read.Length > 0)
            {
                Tail.AsSpan(read.Length).CopyTo(Tail);
                read.CopyTo(Tail.AsSpan(8 - read.Length));
            }

            return read.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

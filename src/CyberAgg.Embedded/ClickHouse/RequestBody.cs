using System.Buffers;
using System.IO.Compression;
using K4os.Compression.LZ4.Streams;
using ZstdSharp;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>Opens a request body through the decompressor its <c>Content-Encoding</c> names, as ClickHouse does.</summary>
internal static class RequestBody
{
    private const int SpoolChunkBytes = 1 << 20;

    /// <summary>Wraps <paramref name="body"/>; null when the encoding is one ClickHouse does not know either.</summary>
    public static Stream? Decode(Stream body, string? contentEncoding) =>
        (contentEncoding ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "identity" or "none" => body,
            "gzip" or "x-gzip" => new GzipCheckedStream(body),
            "deflate" => new ZLibStream(body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true),
            "zstd" => new DecompressionStream(body, leaveOpen: true),
            "lz4" => LZ4Stream.Decode(body, leaveOpen: true),
            _ => null,
        };

    /// <summary>Reads up to <paramref name="limit"/> bytes; <c>more</c> says whether the stream had further bytes.</summary>
    public static async Task<(byte[] Head, bool More)> ReadHeadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (buffer.Length <= limit)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), cancellationToken);
            if (read == 0)
            {
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), true);
    }

    /// <summary>Writes <paramref name="prefix"/> and the rest of <paramref name="body"/> to a file, refusing more than <paramref name="limit"/> bytes.</summary>
    /// <remarks>
    /// The body is gathered in one pooled 1 MiB chunk and written to an unbuffered file a full chunk at a time: one copy
    /// out of the request, one write call per MiB, and no buffer allocated per request.
    /// </remarks>
    public static async Task<long> SpoolAsync(ReadOnlyMemory<byte> prefix, Stream? body, string path, long limit, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 0, FileOptions.Asynchronous);
        await file.WriteAsync(prefix, cancellationToken);
        long total = prefix.Length;
        if (body is null)
        {
            return total;
        }

        var chunk = ArrayPool<byte>.Shared.Rent(SpoolChunkBytes);
        try
        {
            var filled = 0;
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(filled), cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw new RequestTooLargeException(limit);
                }

                filled += read;
                if (filled == chunk.Length)
                {
                    await file.WriteAsync(chunk.AsMemory(0, filled), cancellationToken);
                    filled = 0;
                }
            }

            await file.WriteAsync(chunk.AsMemory(0, filled), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return total;
    }
}

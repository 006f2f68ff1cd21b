using System.Globalization;
using System.Threading.Channels;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Parsing;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// Reads one file (one inode) line by line from a start offset, wherever it is renamed to, and notices copy-truncate.
/// A line is emitted only once its newline is read, except the tail of a file that was rotated away.
/// </summary>
internal sealed class FileTailer : IDisposable
{
    private const int InitialBuffer = 64 * 1024;
    private readonly FileStream _stream;
    private readonly string _input;
    private readonly InputFormat _format;
    private readonly int _maxRecordBytes;
    private readonly string _originPrefix;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private byte[]? _oversizedHead;
    private ulong _fingerprint;
    private int _fingerprintLength;
    private long _oversizedStart;

    public FileTailer(string path, FileKey key, long startOffset, string input, InputFormat format, int maxRecordBytes)
    {
        Path = path;
        Key = key;
        // The inode part of every origin, formatted once instead of once per line.
        _originPrefix = string.Create(CultureInfo.InvariantCulture, $"file:{key}@");
        _input = input;
        _format = format;
        _maxRecordBytes = maxRecordBytes;
        // Delete and rename must keep working for the writer and logrotate while the agent holds the file open.
        _stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        _stream.Position = startOffset;
        _bufferOffset = startOffset;
    }

    /// <summary>The path this inode was last seen under.</summary>
    public string Path { get; set; }

    public FileKey Key { get; }

    /// <summary>Offset just after the last emitted record.</summary>
    public long EmittedOffset => _bufferOffset + _start;

    /// <summary>Reads what is there, up to <paramref name="maxBytes"/>; true when it stopped at the cap with more to read.</summary>
    public async ValueTask<(bool More, int Records, bool Truncated)> ReadAsync(ChannelWriter<RawRecord> output, long maxBytes, CancellationToken cancellationToken)
    {
        var truncated = CheckTruncation();
        if (_fingerprintLength < FileFingerprint.MaxLength)
        {
            // Until the file has that many bytes, the fingerprint grows with it.
            _fingerprint = FileFingerprint.Compute(_stream.SafeFileHandle, FileFingerprint.MaxLength, out _fingerprintLength);
        }

        long read = 0;
        var records = 0;
        while (read < maxBytes)
        {
            MakeRoom();
            var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return (false, records, truncated);
            }

            _end += n;
            read += n;
            records += await EmitLinesAsync(output, cancellationToken).ConfigureAwait(false);
        }

        return (true, records, truncated);
    }

    /// <summary>The file was rotated away and fully read: its unterminated last line is a record too.</summary>
    public async ValueTask<int> FlushTailAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        if (_end == _start && _oversizedHead is null)
        {
            return 0;
        }

        if (_oversizedHead is not null)
        {
            await WriteAsync(output, _oversizedHead, _oversizedStart, _bufferOffset + _end, cancellationToken).ConfigureAwait(false);
            _oversizedHead = null;
        }
        else
        {
            await WriteAsync(output, _buffer.AsSpan(_start, _end - _start).ToArray(), EmittedOffset, _bufferOffset + _end, cancellationToken).ConfigureAwait(false);
        }

        _bufferOffset += _end;
        _start = _end = 0;
        return 1;
    }

    public void Dispose() => _stream.Dispose();

    private bool CheckTruncation()
    {
        // Copy-truncate keeps the inode and empties the file: the size falls below what was already read.
        if (!FileIdentity.TryGet(_stream.SafeFileHandle, Path, out _, out var size) || size >= _bufferOffset + _end)
        {
            return false;
        }

        _stream.Position = 0;
        _bufferOffset = 0;
        _start = _end = 0;
        _oversizedHead = null;
        _fingerprintLength = 0;
        return true;
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length <= _maxRecordBytes)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxRecordBytes + 1));
                return;
            }

            // A line longer than any record may be: keep its head for the dead letter and skip to its newline.
            if (_oversizedHead is null)
            {
                _oversizedHead = _buffer.AsSpan(0, _maxRecordBytes + 1).ToArray();
                _oversizedStart = _bufferOffset;
            }

            _bufferOffset += _end;
            _end = 0;
        }
    }

    private async ValueTask<int> EmitLinesAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        var records = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return records;
            }

            var lineStart = EmittedOffset;
            var lineEnd = lineStart + newline + 1;
            if (_oversizedHead is not null)
            {
                await WriteAsync(output, _oversizedHead, _oversizedStart, lineEnd, cancellationToken).ConfigureAwait(false);
                _oversizedHead = null;
            }
            else
            {
                var line = _buffer.AsSpan(_start, newline);
                if (!line.IsEmpty && line[^1] == '\r')
                {
                    line = line[..^1];
                }

                await WriteAsync(output, line.ToArray(), lineStart, lineEnd, cancellationToken).ConfigureAwait(false);
            }

            _start += newline + 1;
            records++;
        }
    }

    private ValueTask WriteAsync(ChannelWriter<RawRecord> output, byte[] data, long start, long end, CancellationToken cancellationToken)
    {
        // One concatenation of two spans: the interpolation handler's rent, append and copy cost ~1 % of the agent's CPU.
        Span<char> offset = stackalloc char[20];
        start.TryFormat(offset, out var written, default, CultureInfo.InvariantCulture);
        var origin = string.Concat(_originPrefix, offset[..written]);
        return output.WriteAsync(new RawRecord(data, origin, _format, new FileMark(Key, Path, end, _fingerprint, _fingerprintLength), _input), cancellationToken);
    }
}

using System.Text;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// An <c>INSERT</c> whose data follows the statement (<c>FORMAT name</c> or <c>VALUES</c>), split into the
/// statement and the offset where its data starts.
/// </summary>
/// <remarks>
/// chDB cuts data inlined in the query text at about 64 KiB, so the data is written to a file and the statement
/// rewritten to <c>INSERT INTO t (cols) FROM INFILE 'file' SETTINGS ... FORMAT name</c>, which streams any size.
/// </remarks>
internal sealed class InsertStatement
{
    private InsertStatement(string target, string? settings, string format, int dataOffset)
    {
        Target = target;
        Settings = settings;
        Format = format;
        DataOffset = dataOffset;
    }

    /// <summary><c>INSERT INTO table (columns)</c>, as written.</summary>
    public string Target { get; }

    /// <summary>The statement's own <c>SETTINGS ...</c> clause, if any.</summary>
    public string? Settings { get; }

    /// <summary>The input format; <c>Values</c> for a <c>VALUES</c> insert.</summary>
    public string Format { get; }

    /// <summary>Offset in the scanned text where the data begins.</summary>
    public int DataOffset { get; }

    /// <summary>The statement as the client wrote it, without its data: what <see cref="QueryGuard"/> checks.</summary>
    public string StatementText => $"{Target} {Settings} FORMAT {Format}";

    /// <summary>The same insert, reading its data from <paramref name="path"/>.</summary>
    public string FromFile(string path)
    {
        var settings = Settings is null ? "" : " " + Settings;
        return $"{Target} FROM INFILE '{path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'{settings} FORMAT {Format}";
    }

    /// <summary>Parses an INSERT that carries data; null for any other statement, INSERT ... SELECT included.</summary>
    public static InsertStatement? TryParse(ReadOnlySpan<byte> text)
    {
        var scanner = new SqlScanner(text);
        if (!scanner.NextWord(out var s, out var n) || !Is(text.Slice(s, n), "INSERT"u8))
        {
            return null;
        }

        var settingsStart = -1;
        while (scanner.NextWord(out s, out n))
        {
            if (scanner.Depth != 0)
            {
                continue;
            }

            var word = text.Slice(s, n);
            if (Is(word, "SELECT"u8) || Is(word, "WITH"u8))
            {
                return null;
            }

            if (Is(word, "SETTINGS"u8))
            {
                settingsStart = s;
            }
            else if (Is(word, "VALUES"u8))
            {
                return Build(text, settingsStart, s, "Values", s + n);
            }
            else if (Is(word, "FORMAT"u8))
            {
                if (!scanner.NextWord(out var fs, out var fn))
                {
                    return null;
                }

                return Build(text, settingsStart, s, Encoding.ASCII.GetString(text.Slice(fs, fn)), SkipSeparator(text, fs + fn));
            }
        }

        return null;
    }

    private static InsertStatement Build(ReadOnlySpan<byte> text, int settingsStart, int clauseStart, string format, int dataOffset)
    {
        var targetEnd = settingsStart >= 0 ? settingsStart : clauseStart;
        var target = Encoding.UTF8.GetString(text[..targetEnd]).Trim();
        var settings = settingsStart >= 0 ? Encoding.UTF8.GetString(text[settingsStart..clauseStart]).Trim() : null;
        return new InsertStatement(target, settings, format, dataOffset);
    }

    // ClickHouse starts the data after the format name, its blanks and at most one line break.
    private static int SkipSeparator(ReadOnlySpan<byte> text, int position)
    {
        while (position < text.Length && text[position] is (byte)' ' or (byte)'\t')
        {
            position++;
        }

        if (position < text.Length && text[position] == '\r')
        {
            position++;
        }

        if (position < text.Length && text[position] == '\n')
        {
            position++;
        }

        return position;
    }

    private static bool Is(ReadOnlySpan<byte> word, ReadOnlySpan<byte> keyword)
    {
        if (word.Length != keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            if ((word[i] | 0x20) != (keyword[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }
}

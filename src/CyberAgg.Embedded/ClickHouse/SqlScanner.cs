namespace CyberAgg.Embedded.ClickHouse;

/// <summary>Walks SQL bytes token by token, skipping literals and comments, so keywords are found only where they are keywords.</summary>
internal ref struct SqlScanner
{
    private readonly ReadOnlySpan<byte> text;

    public SqlScanner(ReadOnlySpan<byte> text)
    {
        this.text = text;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public int Position { get; private set; }

    /// <summary>Parenthesis depth at <see cref="Position"/>.</summary>
    public int Depth { get; private set; }

    /// <summary>Advances to the next bare word at any depth; false at the end of the text.</summary>
    public bool NextWord(out int start, out int length)
    {
        while (Position < text.Length)
        {
            var c = text[Position];
            if (IsWordStart(c))
            {
                start = Position;
                while (Position < text.Length && IsWordPart(text[Position]))
                {
                    Position++;
                }

                length = Position - start;
                return true;
            }

            switch (c)
            {
                case (byte)'\'':
                case (byte)'`':
                case (byte)'"':
                    SkipQuoted(c);
                    break;
                case (byte)'-' when Peek(1) == '-':
                    SkipToEndOfLine();
                    break;
                case (byte)'#':
                    SkipToEndOfLine();
                    break;
                case (byte)'/' when Peek(1) == '*':
                    SkipBlockComment();
                    break;
                case (byte)'(':
                    Depth++;
                    Position++;
                    break;
                case (byte)')':
                    Depth--;
                    Position++;
                    break;
                default:
                    Position++;
                    break;
            }
        }

        start = length = 0;
        return false;
    }

    public static bool IsWordStart(byte c) => c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    private static bool IsWordPart(byte c) => IsWordStart(c) || c is >= (byte)'0' and <= (byte)'9';

    private int Peek(int ahead) => Position + ahead < text.Length ? text[Position + ahead] : -1;

    private void SkipQuoted(byte quote)
    {
        Position++;
        while (Position < text.Length)
        {
            var c = text[Position++];
            if (c == '\\')
            {
                Position++;
            }
            else if (c == quote)
            {
                if (Position < text.Length && text[Position] == quote)
                {
                    Position++;
                }
                else
                {
                    return;
                }
            }
        }
    }

    private void SkipToEndOfLine()
    {
        while (Position < text.Length && text[Position] != '\n')
        {
            Position++;
        }
    }

    private void SkipBlockComment()
    {
        Position += 2;
        while (Position < text.Length && !(text[Position] == '*' && Peek(1) == '/'))
        {
            Position++;
        }

        Position = Math.Min(text.Length, Position + 2);
    }
}

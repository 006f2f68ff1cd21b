using System.Globalization;
using System.Text;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// Splits ClickHouse SQL into the tokens <see cref="QueryGuard"/> looks at, skipping what ClickHouse's lexer skips:
/// whitespace, <c>--</c> and <c>#</c> line comments, nested <c>/* */</c> comments, string literals and heredocs.
/// </summary>
internal ref struct SqlTokens
{
    private readonly ReadOnlySpan<char> text;
    private int position;

    public SqlTokens(string text)
    {
        this.text = text;
    }

    /// <summary>Reads the next token; false at the end of the text.</summary>
    public bool Next(out SqlToken token)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsWhiteSpace(c))
            {
                position++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                SkipLine();
            }
            else if (c == '#' && Peek(1) is ' ' or '!')
            {
                SkipLine();
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else if (c == '\'')
            {
                ReadQuoted('\'');
                token = new SqlToken(SqlTokenKind.Literal, "");
                return true;
            }
            else if (c is '`' or '"')
            {
                token = new SqlToken(SqlTokenKind.QuotedIdentifier, ReadQuoted(c));
                return true;
            }
            else if (c == '$' && TrySkipHeredoc())
            {
                token = new SqlToken(SqlTokenKind.Literal, "");
                return true;
            }
            else if (IsWordStart(c))
            {
                var start = position;
                while (position < text.Length && (IsWordStart(text[position]) || char.IsAsciiDigit(text[position]) || text[position] == '$'))
                {
                    position++;
                }

                token = new SqlToken(SqlTokenKind.Word, text[start..position].ToString());
                return true;
            }
            else
            {
                position++;
                token = new SqlToken(c switch { '(' => SqlTokenKind.OpenParen, ';' => SqlTokenKind.Semicolon, _ => SqlTokenKind.Other }, "");
                return true;
            }
        }

        token = default;
        return false;
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private readonly int Peek(int ahead) => position + ahead < text.Length ? text[position + ahead] : -1;

    private void SkipLine()
    {
        while (position < text.Length && text[position] != '\n')
        {
            position++;
        }
    }

    private void SkipBlockComment()
    {
        // ClickHouse nests block comments: /* /* */ still a comment */.
        var depth = 0;
        while (position < text.Length)
        {
            if (text[position] == '/' && Peek(1) == '*')
            {
                depth++;
                position += 2;
            }
            else if (text[position] == '*' && Peek(1) == '/')
            {
                depth--;
                position += 2;
                if (depth == 0)
                {
                    return;
                }
            }
            else
            {
                position++;
            }
        }
    }

    /// <summary>Reads a quoted token and returns its unescaped content.</summary>
    private string ReadQuoted(char quote)
    {
        var value = new StringBuilder();
        position++;
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '\\' && position < text.Length)
            {
                value.Append(Unescape());
            }
            else if (c == quote)
            {
                if (position < text.Length && text[position] == quote)
                {
                    value.Append(quote);
                    position++;
                }
                else
                {
                    break;
                }
            }
            else
            {
                value.Append(c);
            }
        }

        return value.ToString();
    }

    private char Unescape()
    {
        var c = text[position++];
        switch (c)
        {
            case 'x' or 'X' when position + 1 < text.Length && int.TryParse(text.Slice(position, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                position += 2;
                return (char)code;
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case '0':
                return '\0';
            default:
                return c;
        }
    }

    // A heredoc is $tag$ ... $tag$ with an optional word as the tag.
    private bool TrySkipHeredoc()
    {
        var end = position + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        if (end >= text.Length || text[end] != '$')
        {
            return false;
        }

        var tag = text[position..(end + 1)];
        var close = text[(end + 1)..].IndexOf(tag, StringComparison.Ordinal);
        position = close < 0 ? text.Length : end + 1 + close + tag.Length;
        return true;
    }
}

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>The kinds of token <see cref="QueryGuard"/> tells apart.</summary>
internal enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    Literal,
    OpenParen,
    Semicolon,
    Other,
}

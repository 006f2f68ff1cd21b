namespace CyberAgg.Embedded.ClickHouse;

/// <summary>One token of <see cref="SqlTokens"/>: its kind and, for words and quoted identifiers, its unescaped text.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text);

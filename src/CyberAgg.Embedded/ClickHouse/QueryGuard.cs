namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// Refuses the parts of ClickHouse SQL that reach the file system from an HTTP request and that the engine's own
/// grants (<see cref="EngineAccess"/>) cannot take away: the scalar <c>file()</c> function, <c>FROM INFILE</c>,
/// <c>INTO OUTFILE</c>, <c>ATTACH ... FROM 'path'</c>, <c>RESTORE</c>, and the format settings that name files
/// (<c>format_template_*</c>, <c>format_schema*</c>).
/// </summary>
/// <remarks>
/// The text is tokenised the way ClickHouse's lexer does it (nested block comments, heredocs, escapes in quoted
/// identifiers), so a word hidden from this check is hidden from the engine too. Table functions and table engines
/// that reach files or the network (<c>file</c>, <c>url</c>, <c>s3</c>, <c>remote</c>, <c>File</c>, <c>URL</c>, ...) and
/// file paths used as table names are refused by the engine itself, because the user has no <c>SOURCES</c> grant.
/// </remarks>
internal static class QueryGuard
{
    /// <summary>Returns why the statement text is refused, or null when it may run.</summary>
    public static string? Check(string sql)
    {
        var tokens = new SqlTokens(sql);
        var statementStart = true;
        string? previousIdentifier = null;
        while (tokens.Next(out var token))
        {
            if (token.Kind == SqlTokenKind.OpenParen && previousIdentifier is not null
                && string.Equals(previousIdentifier, "file", StringComparison.OrdinalIgnoreCase))
            {
                return "file() reads files on the server's host";
            }

            previousIdentifier = token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier ? token.Text : null;
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                statementStart = true;
                continue;
            }

            if (token.Kind == SqlTokenKind.Word)
            {
                if (token.Text.Equals("INFILE", StringComparison.OrdinalIgnoreCase))
                {
                    return "FROM INFILE reads files on the server's host; send the data in the request body after FORMAT";
                }

                if (token.Text.Equals("OUTFILE", StringComparison.OrdinalIgnoreCase))
                {
                    return "INTO OUTFILE writes files on the server's host; read the result from the response instead";
                }

                if (statementStart && (token.Text.Equals("ATTACH", StringComparison.OrdinalIgnoreCase) || token.Text.Equals("RESTORE", StringComparison.OrdinalIgnoreCase)))
                {
                    return token.Text.ToUpperInvariant() + " reads data from paths on the server's host";
                }
            }

            if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && CheckSetting(token.Text) is { } setting)
            {
                return setting;
            }

            statementStart = false;
        }

        return null;
    }

    /// <summary>Returns why a setting may not be set from HTTP, or null.</summary>
    public static string? CheckSetting(string name) =>
        name.StartsWith("format_template_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("format_schema", StringComparison.OrdinalIgnoreCase)
            ? $"the setting {name} names a file on the server's host"
            : null;
}

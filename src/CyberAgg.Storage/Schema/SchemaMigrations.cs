using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CyberAgg.Storage.Schema;

/// <summary>The schema of database <c>cyberagg</c>, as numbered SQL files embedded in this assembly.</summary>
public static partial class SchemaMigrations
{
    /// <summary>The contract's database name (DESIGN §5).</summary>
    public const string DefaultDatabase = "cyberagg";

    /// <summary>All migrations in version order, with <c>{database}</c> replaced.</summary>
    public static IReadOnlyList<Migration> Load(string database = DefaultDatabase)
    {
        if (!DatabaseName().IsMatch(database))
        {
            throw new ArgumentException($"Database name '{database}' must be letters, digits and underscores, starting with a letter.", nameof(database));
        }

        var assembly = typeof(SchemaMigrations).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Parse(assembly, n, database))
            .OrderBy(m => m.Version)
            .ToArray();
    }

    private static Migration Parse(Assembly assembly, string resource, string database)
    {
        var match = FileName().Match(resource);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("{database}", database, StringComparison.Ordinal);
        var statements = StatementEnd().Split(text)
            .Select(StripComments)
            .Where(s => s.Length > 0)
            .ToArray();
        return new Migration(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), match.Groups[2].Value, statements);
    }

    private static string StripComments(string statement) =>
        string.Join('\n', statement.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    [GeneratedRegex(@"(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    // Statements end with ';' at the end of a line; the HTTP interface takes one statement per request.
    [GeneratedRegex(@";\s*(\r?\n|$)")]
    private static partial Regex StatementEnd();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex DatabaseName();
}

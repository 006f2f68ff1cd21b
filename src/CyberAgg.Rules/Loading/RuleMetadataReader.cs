using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Loading;

/// <summary>Reads the descriptive fields every Sigma document shares.</summary>
internal static class RuleMetadataReader
{
    public static RuleMetadata Read(YamlMap document, string source, int documentIndex)
    {
        var id = document.GetString("id");
        var name = document.GetString("name");
        var title = document.GetString("title") ?? throw MissingTitle(document);
        var tags = new List<string>();
        if (document.TryGet("tags", out var tagValue) && tagValue is YamlList tagList)
        {
            tags.AddRange(tagList.Items.OfType<YamlScalar>().Select(t => t.Value));
        }

        return new RuleMetadata
        {
            Id = id ?? name ?? $"{source}#{documentIndex}",
            Name = name,
            Title = title,
            Level = document.GetString("level"),
            Status = document.GetString("status"),
            Description = document.GetString("description"),
            Tags = tags,
            Source = source,
        };
    }

    private static RuleCompileException MissingTitle(YamlMap document)
    {
        var misspelt = document.Entries.Select(e => e.Key).FirstOrDefault(k => k != "title" && KeySpelling.Closest(k, ["title"]) is not null);
        return misspelt is null
            ? new RuleCompileException(RuleErrorCodes.MissingField, "rule has no title")
            : new RuleCompileException(
                RuleErrorCodes.UnknownKey,
                $"rule has no title: did you mean 'title' instead of '{misspelt}'?" + (misspelt.Equals("title", StringComparison.OrdinalIgnoreCase) ? " Sigma keys are lowercase" : string.Empty));
    }
}

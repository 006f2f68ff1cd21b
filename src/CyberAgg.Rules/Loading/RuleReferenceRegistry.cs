namespace CyberAgg.Rules.Loading;

/// <summary>Keeps the ids and names of a rule set unique, since correlations reference rules by either.</summary>
/// <remarks>
/// A clash rejects the later rule (in load order: files in ordinal path order, documents in file order)
/// and names the file of the earlier one, so the author sees both places. Without this a correlation
/// would bind to whichever rule happened to load first.
/// </remarks>
internal sealed class RuleReferenceRegistry
{
    private readonly Dictionary<string, Owner> _owners = new(StringComparer.Ordinal);

    /// <summary>Claims the rule's id and name, or throws naming the rule that already holds one of them.</summary>
    public void Register(ParsedDocument document, RuleMetadata metadata)
    {
        var explicitId = document.Map.GetString("id");
        var keys = new List<(string Value, string Kind)> { (explicitId ?? metadata.Name ?? metadata.Id, explicitId is null && metadata.Name is not null ? "name" : "id") };
        if (metadata.Name is not null && metadata.Name != keys[0].Value)
        {
            keys.Add((metadata.Name, "name"));
        }

        foreach (var (value, kind) in keys)
        {
            if (_owners.TryGetValue(value, out var owner))
            {
                var where = owner.Source == document.Source
                    ? $"{owner.Source} (document {owner.Index + 1})"
                    : owner.Source;
                var clash = owner.Kind == kind ? $"is already used by rule '{owner.Title}' in {where}" : $"is already the {owner.Kind} of rule '{owner.Title}' in {where}";
                throw new RuleCompileException(
                    kind == "id" ? RuleErrorCodes.DuplicateId : RuleErrorCodes.DuplicateName,
                    $"{kind} '{value}' {clash}; ids and names must be unique in a rule set, because correlations reference rules by either, so rename one of them");
            }
        }

        foreach (var (value, kind) in keys)
        {
            _owners[value] = new Owner(document.Source, document.Index, metadata.Title, kind);
        }
    }

    private sealed record Owner(string Source, int Index, string Title, string Kind);
}

namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>A cheap, necessary condition on one field: if a rule matches, one of its anchors holds.</summary>
internal readonly record struct FieldAnchor(string Field, AnchorKind Kind, string Key)
{
    public static FieldAnchor Present(string field) => new(field, AnchorKind.Present, string.Empty);
}

namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>A cheap, necessary condition on one field: if a rule matches, one of its anchors holds.</summary>
internal readonly record struct FieldAnchor(string Field, AnchorKind Kind, string Key)
{
    /// <summary>
    /// The field name of a keyword anchor: the literal occurs in some value of the event, whatever the field. Only
    /// <see cref="AnchorKind.Contains"/> anchors use it. No event field can have this name (it holds a NUL).
    /// </summary>
    public const string AnyField = "\0any";

    public static FieldAnchor Present(string field) => new(field, AnchorKind.Present, string.Empty);

    /// <summary>A literal that must occur somewhere in the field's value, or null when the index cannot fold it.</summary>
    public static FieldAnchor? ContainsLiteral(string field, string literal) =>
        literal.Length == 0 || !ContainsIndex.CanFold(literal)
            ? null
            : new FieldAnchor(field, AnchorKind.Contains, literal);
}

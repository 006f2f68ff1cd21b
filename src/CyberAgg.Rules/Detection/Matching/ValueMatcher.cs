using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>A compiled test of one field value against one rule value.</summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(string value);

    /// <summary>Rough relative cost of one <see cref="Matches"/> call, for ordering the parts of a condition (1 = one comparison).</summary>
    public virtual int Cost => 3;

    /// <summary>The strongest index anchor this matcher implies for <paramref name="field"/>.</summary>
    public virtual FieldAnchor GetAnchor(string field) => FieldAnchor.Present(field);
}

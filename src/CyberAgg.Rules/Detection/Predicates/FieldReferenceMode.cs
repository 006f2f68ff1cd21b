namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>How a <c>fieldref</c> compares the two fields.</summary>
internal enum FieldReferenceMode
{
    Equals,
    StartsWith,
    EndsWith,
    Contains,
}

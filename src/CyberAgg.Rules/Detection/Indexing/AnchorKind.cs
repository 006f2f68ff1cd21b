namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>How an index anchor constrains a field: from weakest (present) to strongest (exact).</summary>
internal enum AnchorKind
{
    Present = 1,
    Contains = 2,
    Prefix = 3,
    Suffix = 4,
    Exact = 5,
}

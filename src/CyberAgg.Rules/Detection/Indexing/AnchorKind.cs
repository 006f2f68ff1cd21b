namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>How an index anchor constrains a field: from weakest (present) to strongest (exact).</summary>
internal enum AnchorKind
{
    Present = 1,
    Prefix = 2,
    Suffix = 3,
    Exact = 4,
}

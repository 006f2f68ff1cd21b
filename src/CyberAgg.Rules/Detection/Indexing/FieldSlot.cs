namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>What the engine does with one event field name: look its value up in an index, note it as a log-source key, or both.</summary>
internal sealed class FieldSlot
{
    public FieldIndex? Index { get; set; }

    /// <summary>The field's slot among the <see cref="LogSourceFilter.KeyFields"/>, or -1.</summary>
    public int KeySlot { get; set; } = -1;
}

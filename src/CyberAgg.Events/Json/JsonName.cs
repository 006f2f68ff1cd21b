namespace CyberAgg.Events.Json;

/// <summary>
/// A dotted leaf name of flattened JSON, resolved once: its text, the core field it names, or the label it names.
/// Shared through <see cref="JsonNameCache"/>, so a name seen on every line is resolved once per thread, not per line.
/// </summary>
internal sealed class JsonName
{
    private const string WindowsRoot = "Event.";
    private string? _windowsName;

    public JsonName(string text)
    {
        Text = text;
        IsCore = EcsFieldNames.TryGetField(text, out var field);
        Field = field;
        if (!IsCore && text.Length > EcsFieldNames.LabelsPrefix.Length && text.StartsWith(EcsFieldNames.LabelsPrefix, StringComparison.Ordinal))
        {
            Label = text[EcsFieldNames.LabelsPrefix.Length..];
        }

        StartsWindowsRecord = text.StartsWith(WindowsRoot, StringComparison.Ordinal);
    }

    public string Text { get; }

    /// <summary>True when <see cref="Text"/> is an ECS core field name (then <see cref="Field"/> says which).</summary>
    public bool IsCore { get; }

    public EcsField Field { get; }

    /// <summary>The label name without <c>labels.</c> when the name is a label, else null.</summary>
    public string? Label { get; }

    /// <summary>True when the name starts with <c>Event.</c>: a record whose first name does is Windows event JSON.</summary>
    public bool StartsWindowsRecord { get; }

    /// <summary>
    /// The Sigma field name below <c>Event.</c> (<see cref="WindowsEventNames.Flatten"/>), computed once; a name beside
    /// <c>Event</c> in a Windows record keeps its own dotted name (it used to be cut at six characters, or throw).
    /// </summary>
    public string WindowsName => _windowsName ??= StartsWindowsRecord ? WindowsEventNames.Flatten(Text.AsSpan()[WindowsRoot.Length..]) : Text;
}

namespace CyberAgg.Events.Json;

/// <summary>Receives the leaves of a flattened JSON object; a struct implementation keeps dispatch free of virtual calls.</summary>
internal interface IJsonFieldSink
{
    /// <summary>A scalar leaf: strings unescaped, numbers as their JSON text, booleans as <c>true</c>/<c>false</c>.</summary>
    DeadLetterReason OnValue(JsonName name, string value, out string? detail);

    /// <summary>An array leaf, handed over as its raw JSON text.</summary>
    DeadLetterReason OnArray(JsonName name, ReadOnlySpan<byte> rawJson, out string? detail);
}

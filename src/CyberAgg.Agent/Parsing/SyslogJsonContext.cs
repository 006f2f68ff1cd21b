using System.Text.Json.Serialization;

namespace CyberAgg.Agent.Parsing;

/// <summary>Source-generated JSON for the arrays the parsers write (trim-safe).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SyslogJsonContext : JsonSerializerContext;

namespace CyberAgg.Agent.Pipeline;

/// <summary>Where a record came from and its original bytes, for a dead letter cut after the record became an event.</summary>
internal readonly record struct DeadLetterSource(string Origin, byte[] Original);

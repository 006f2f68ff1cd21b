using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>Why a parser refused its input; carried into the dead letter with the original bytes.</summary>
internal readonly record struct ParseFailure(DeadLetterReason Reason, string Detail);

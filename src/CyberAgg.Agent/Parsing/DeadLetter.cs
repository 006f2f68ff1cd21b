using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>A record the agent refused: the reason, what was wrong, where it came from, and its (bounded) original bytes.</summary>
internal sealed record DeadLetter(DeadLetterReason Reason, string? Detail, string Origin, byte[] Original)
{
    public string ReasonCode => Reason.ToCode();
}

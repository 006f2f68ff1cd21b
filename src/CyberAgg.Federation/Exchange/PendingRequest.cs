using System.Security.Cryptography;

namespace CyberAgg.Federation.Exchange;

/// <summary>A request this node sent and awaits: its one-time private key opens the answer, once.</summary>
internal sealed record PendingRequest(string Id, string Owner, string Token, string Analyst, string AlertId, DateTimeOffset RequestedAt, ECDiffieHellman Key)
{
    public TaskCompletionSource<ExchangeOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

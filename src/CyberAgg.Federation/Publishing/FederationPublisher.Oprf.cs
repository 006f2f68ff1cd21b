using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Federation.Oprf;

namespace CyberAgg.Federation.Publishing;

/// <summary>
/// The publisher in oprf mode (<c>federation.blinding: oprf</c>): it holds no key. Observations of one publishing
/// interval are buffered, the distinct values they need are evaluated in one request per key service (per epoch),
/// and only then blinded from the token cache; a node that is a key service also runs its service here.
/// </summary>
public sealed partial class FederationPublisher
{
    private readonly OprfTokenClient? oprf;
    private readonly KeyService? keyService;
    private readonly List<ConsumeResult<string?, byte[]>> unhandled = [];

    /// <summary>oprf mode: this node's token client (null in hmac mode).</summary>
    public OprfTokenClient? Oprf => oprf;

    /// <summary>oprf mode: this node's key service, when it is one of <c>federation.key_services</c>.</summary>
    public KeyService? KeyService => keyService;

    private IEnumerable<Task> RunOprf(CancellationToken cancellationToken)
    {
        if (oprf is not null)
        {
            yield return oprf.RunAsync(cancellationToken);
        }

        if (keyService is not null)
        {
            yield return keyService.RunAsync(cancellationToken);
        }
    }

    /// <summary>The token of a value: HMAC in hmac mode; in oprf mode the evaluated one, or null when none was obtained.</summary>
    private string? Token(long epoch, string kind, string value) =>
        blinder is not null ? blinder.Blind(epoch, kind, value) : oprf!.Cached(epoch, kind, value);

    /// <summary>Evaluates the values the buffered observations need, then handles them in order.</summary>
    private void HandleUnhandled(CancellationToken cancellationToken)
    {
        if (unhandled.Count == 0)
        {
            return;
        }

        var needs = new HashSet<(long Epoch, string Kind, string Value)>();
        foreach (var result in unhandled.Where(r => Marker(r) is null))
        {
            try
            {
                Need(ObservationJson.Deserialize(result.Message.Value), needs);
            }
            catch (JsonException)
            {
                // Handle() logs and skips it.
            }
        }

        foreach (var epoch in needs.GroupBy(n => n.Epoch))
        {
            try
            {
                oprf!.TokensAsync(epoch.Key, epoch.Select(n => (n.Kind, n.Value)).ToList(), cancellationToken).GetAwaiter().GetResult();
            }
            catch (OprfRefusedException e)
            {
                // Its observations are withheld (oprf_unavailable), counted; the service logged its side.
                Log.KafkaError(logger, "publisher", e.Message);
            }
            catch (OperationCanceledException)
            {
                // Stopping: nothing of the buffer is handled, so its offsets are not committed and it is read again.
                unhandled.Clear();
                return;
            }
        }

        foreach (var result in unhandled)
        {
            Handle(result);
        }

        unhandled.Clear();
    }

    /// <summary>The (epoch, kind, value) triples <see cref="Blind"/> will ask tokens for: none for what stays home unlearned.</summary>
    private void Need(Observation observation, HashSet<(long, string, string)> needs)
    {
        var bucket = schedule.BucketOf(DateTimeOffset.FromUnixTimeMilliseconds(observation.Timestamp));
        var epoch = schedule.EpochOf(bucket);
        var tlp = TlpNames.ParseOrRed(observation.Tlp);
        if (tlp == Tlp.AmberStrict && options.AmberStrictTo.Count == 0)
        {
            return;
        }

        if (tlp != Tlp.Red && (!options.Partners.Contains(observation.Fields.GetValueOrDefault(EcsFieldNames.ObserverPartner) ?? "", StringComparer.Ordinal)
            || !string.Equals(observation.Fields.GetValueOrDefault(EcsFieldNames.ObserverCountry) ?? "", options.Country, StringComparison.Ordinal)))
        {
            return;
        }

        foreach (var kind in KindsOf(observation).Keys)
        {
            needs.Add((epoch, kind, observation.Key));
            if (schedule.CarriesPrevious(bucket))
            {
                needs.Add((epoch - 1, kind, observation.Key));
            }
        }
    }
}

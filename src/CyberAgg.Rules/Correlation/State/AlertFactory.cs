using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>Builds alerts from a group's window at the moment its condition became true.</summary>
internal sealed class AlertFactory(CorrelationOptions options, TimeProvider timeProvider)
{
    public CorrelationAlert Create(CorrelationRule rule, GroupState group, double value)
    {
        var count = group.Count;
        var first = group[0].Time;
        var evidence = new List<string>(Math.Min(count, options.MaxEvidenceEvents));
        var tlpRank = 0;
        for (var i = 0; i < count; i++)
        {
            var observation = group[i];
            tlpRank = Math.Max(tlpRank, observation.TlpRank);
            if (evidence.Count < options.MaxEvidenceEvents)
            {
                evidence.Add(observation.EventId);
            }
        }

        var fieldValues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0; i < rule.ValueFields.Count; i++)
        {
            fieldValues[rule.ValueFields[i]] = group.Values(i).Values();
        }

        for (var i = 0; i < options.ContextFields.Count; i++)
        {
            fieldValues.TryAdd(options.ContextFields[i], group.Context(i).Values());
        }

        var groupValues = new KeyValuePair<string, string>[rule.GroupBy.Count];
        for (var i = 0; i < groupValues.Length; i++)
        {
            groupValues[i] = new KeyValuePair<string, string>(rule.GroupBy[i], group.GroupValues[i]);
        }

        return new CorrelationAlert
        {
            AlertId = DeterministicId(rule.Id, group.Key, first),
            Rule = rule,
            GroupKey = group.Key,
            GroupValues = groupValues,
            FirstSeen = first,
            LastSeen = group[count - 1].Time,
            WindowEnd = first + rule.Timespan,
            EventCount = count,
            Value = value,
            DistinctValues = rule.ValueFields.Count > 0 ? fieldValues[rule.ValueFields[0]] : [],
            FieldValues = fieldValues,
            EvidenceEventIds = evidence,
            EvidenceTruncated = count > evidence.Count,
            Tlp = TrafficLightProtocol.FromRank(tlpRank),
            RaisedAt = timeProvider.GetUtcNow(),
        };
    }

    private static string DeterministicId(string ruleId, string groupKey, DateTimeOffset windowStart)
    {
        var text = $"{ruleId}\n{groupKey}\n{windowStart.UtcTicks}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new Guid(hash[..16]).ToString();
    }
}

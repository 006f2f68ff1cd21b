using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>Builds alerts from a group's window at the moment its condition became true.</summary>
internal sealed class AlertFactory(CorrelationOptions options, TimeProvider timeProvider)
{
    public CorrelationAlert Create(CorrelationRule rule, GroupState group, double value, bool early = false)
    {
        var count = group.Count;
        var first = group[0].Time;
        var evidence = new string[Math.Min(count, options.MaxEvidenceEvents)];
        var tlpRank = 0;
        for (var i = 0; i < count; i++)
        {
            var observation = group[i];
            tlpRank = Math.Max(tlpRank, observation.TlpRank);
            if (i < evidence.Length)
            {
                evidence[i] = observation.EventId;
            }
        }

        var fieldValues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0; i < rule.ValueFields.Count; i++)
        {
            fieldValues[rule.ValueFields[i]] = group.Values(i).Values();
        }

        for (var i = 0; i < options.ContextFields.Count; i++)
        {
            // A context field that is also a value field (observer.country) keeps the value field's list.
            if (!fieldValues.ContainsKey(options.ContextFields[i]))
            {
                fieldValues.Add(options.ContextFields[i], group.Context(i).Values());
            }
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
            EvidenceTruncated = count > evidence.Length,
            Tlp = TrafficLightProtocol.FromRank(tlpRank),
            RaisedAt = timeProvider.GetUtcNow(),
            Early = early,
        };
    }

    /// <summary>The first 16 bytes of SHA-256 over UTF-8 "rule id \n group key \n window start ticks", as a GUID.</summary>
    internal static string DeterministicId(string ruleId, string groupKey, DateTimeOffset windowStart)
    {
        Span<char> ticks = stackalloc char[20];
        windowStart.UtcTicks.TryFormat(ticks, out var written, provider: CultureInfo.InvariantCulture);
        ticks = ticks[..written];
        var length = Encoding.UTF8.GetByteCount(ruleId) + Encoding.UTF8.GetByteCount(groupKey) + written + 2;
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var at = Encoding.UTF8.GetBytes(ruleId, bytes);
        bytes[at++] = (byte)'\n';
        at += Encoding.UTF8.GetBytes(groupKey, bytes[at..]);
        bytes[at++] = (byte)'\n';
        at += Encoding.UTF8.GetBytes(ticks, bytes[at..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..at], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return new Guid(hash[..16]).ToString();
    }
}

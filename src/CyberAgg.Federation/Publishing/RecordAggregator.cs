using CyberAgg.Federation.Wire;

namespace CyberAgg.Federation.Publishing;

/// <summary>Sums observations that differ in nothing the alliance sees into one record with a count, per topic.</summary>
internal sealed class RecordAggregator
{
    private readonly Dictionary<string, Dictionary<RecordKey, int>> topics = new(StringComparer.Ordinal);

    public int Pending { get; private set; }

    public void Add(string topic, BlindedRecord record)
    {
        if (!topics.TryGetValue(topic, out var records))
        {
            records = [];
            topics[topic] = records;
        }

        var key = new RecordKey(record.Token, record.PreviousToken, record.Epoch, record.Kind, record.Country, record.Partner, record.Bucket, record.Tlp, string.Join(',', record.Rules));
        records[key] = records.GetValueOrDefault(key) + record.Count;
        Pending++;
    }

    /// <summary>The aggregated records of <paramref name="topic"/>, in a stable order; clears them.</summary>
    public List<BlindedRecord> Drain(string topic)
    {
        if (!topics.Remove(topic, out var records))
        {
            return [];
        }

        Pending = topics.Values.Sum(r => r.Count);
        return records
            .OrderBy(r => r.Key.Bucket).ThenBy(r => r.Key.Token, StringComparer.Ordinal)
            .Select(r => new BlindedRecord
            {
                Token = r.Key.Token,
                PreviousToken = r.Key.PreviousToken,
                Epoch = r.Key.Epoch,
                Kind = r.Key.Kind,
                Country = r.Key.Country,
                Partner = r.Key.Partner,
                Bucket = r.Key.Bucket,
                Tlp = r.Key.Tlp,
                Rules = r.Key.Rules.Split(','),
                Count = r.Value,
            })
            .ToList();
    }

    private readonly record struct RecordKey(string Token, string? PreviousToken, long Epoch, string Kind, string Country, string Partner, long Bucket, string Tlp, string Rules);
}

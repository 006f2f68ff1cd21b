using System.Text;
using System.Threading.Channels;
using CyberAgg.Agent.Sources;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>Reads what a source wrote to its channel so far, without waiting.</summary>
internal static class ChannelDrain
{
    public static List<RawRecord> Records(Channel<RawRecord> channel)
    {
        var records = new List<RawRecord>();
        while (channel.Reader.TryRead(out var record))
        {
            records.Add(record);
        }

        return records;
    }

    public static List<string> Lines(Channel<RawRecord> channel) => Records(channel).Select(r => Encoding.UTF8.GetString(r.Data)).ToList();

    public static Channel<RawRecord> Create() => Channel.CreateUnbounded<RawRecord>();
}

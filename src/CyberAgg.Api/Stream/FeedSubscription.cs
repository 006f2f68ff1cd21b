using System.Threading.Channels;

namespace CyberAgg.Api.Stream;

/// <summary>One SSE client's queue. A client that falls too far behind is closed, not silently skipped: it resumes with Last-Event-ID.</summary>
internal sealed class FeedSubscription(int capacity)
{
    private readonly Channel<FeedEntry> channel = Channel.CreateBounded<FeedEntry>(new BoundedChannelOptions(capacity) { SingleReader = true });

    public ChannelReader<FeedEntry> Reader => channel.Reader;

    public bool Overflowed { get; private set; }

    public void Offer(FeedEntry entry)
    {
        if (!channel.Writer.TryWrite(entry) && !Overflowed)
        {
            Overflowed = true;
            channel.Writer.TryComplete();
        }
    }

    public void Complete() => channel.Writer.TryComplete();
}

using CyberAgg.Events.Ingest;
using Xunit.Abstractions;

namespace CyberAgg.Events.Tests.Wire;

public class BatchReaderTests(ITestOutputHelper output)
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8, "EE");

    [Fact]
    public void Decode_TypicalEvents_AllocatesOnlyEventAndUniqueStrings()
    {
        var events = Enumerable.Range(0, 1000).Select(i =>
        {
            var evt = new SecurityEvent
            {
                Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(i),
                SourceIp = "198.51.100.1",
                DestinationPort = 443,
                Action = "blocked",
                Category = "network",
                EventId = $"{i:x32}",
            };
            evt.Attributes["rule"] = "deny-all";
            return evt;
        });
        var message = BatchRoundTripTests.Encode(events, Key);
        var decoder = new IngestDecoder(new IngestKeyRing([Key]));
        var list = new List<SecurityEvent>(1000);
        decoder.Decode(message, default, list).Success.ShouldBeTrue();
        list.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        decoder.Decode(message, default, list).Success.ShouldBeTrue();
        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;

        output.WriteLine($"{perEvent:F0} bytes allocated per decoded event");

        // The event object, its field array, attribute dictionary, source.ip and event.id strings: well under 1 KiB.
        perEvent.ShouldBeLessThan(1024);
    }
}

using CsCheck;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Events.Tests.Wire;

public class BatchRoundTripTests
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8, "EE");
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    internal static byte[] Encode(IEnumerable<SecurityEvent> events, IngestKey? key = null, string country = "EE", string sensor = "fw1")
    {
        using var writer = new BatchWriter(key ?? Key, country, sensor);
        writer.Begin(Created);
        foreach (var evt in events)
        {
            writer.Add(evt);
        }

        return writer.Complete().ToArray();
    }

    private static DeadLetterReason Decode(byte[] message, List<SecurityEvent> output, ReadOnlySpan<byte> secret)
    {
        var reason = BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out _);
        if (reason != DeadLetterReason.None)
        {
            return reason;
        }

        return BatchReader.VerifySignature(message, header, secret)
            ? BatchReader.ReadEvents(message, header, BatchLimits.Default, output, out _)
            : DeadLetterReason.BadSignature;
    }

    [Fact]
    public void EncodeDecode_RandomBatches_EventsEqual()
    {
        EventGenerators.Event("ee-cert", "EE").List[0, 20].Sample(events =>
        {
            var message = Encode(events);
            var decoded = new List<SecurityEvent>();

            Decode(message, decoded, Key.Secret).ShouldBe(DeadLetterReason.None);

            decoded.Count.ShouldBe(events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                events[i].ObserverName ??= "fw1";
                decoded[i].ShouldEqualEvent(events[i]);
            }
        }, iter: 300);
    }

    [Fact]
    public void TryReadHeader_ValidBatch_ExposesIdentity()
    {
        var message = Encode([new SecurityEvent { Message = "m" }]);

        BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out _).ShouldBe(DeadLetterReason.None);

        header.Partner.ShouldBe("ee-cert");
        header.Country.ShouldBe("EE");
        header.Sensor.ShouldBe("fw1");
        header.KeyId.ShouldBe("k1");
        header.EventCount.ShouldBe(1);
        header.CreatedUnixMilliseconds.ShouldBe(Created.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Decode_TruncatedAtEveryOffset_Rejected()
    {
        var events = EventGenerators.Event("ee-cert", "EE").Array[3].Single();
        var message = Encode(events);

        for (var length = 0; length < message.Length; length++)
        {
            Decode(message[..length], [], Key.Secret).ShouldNotBe(DeadLetterReason.None, $"length {length}");
        }
    }

    [Fact]
    public void Decode_AnyByteFlipped_Rejected()
    {
        var message = Encode([new SecurityEvent { SourceIp = "198.51.100.1", Message = "hello" }]);

        for (var i = 0; i < message.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = (byte[])message.Clone();
                tampered[i] ^= (byte)(1 << bit);
                Decode(tampered, [], Key.Secret).ShouldNotBe(DeadLetterReason.None, $"byte {i} bit {bit}");
            }
        }
    }

    [Fact]
    public void ReadEvents_RandomBodyUnderValidHeader_NeverThrows()
    {
        // Skips the HMAC on purpose: the event parser must be safe even if a key leaks.
        var prefix = Encode([])[..^BatchFormat.MacSize];
        Gen.Byte.Array[0, 300].Select(Gen.Int[0, 5]).Sample((body, count) =>
        {
            var message = prefix.Concat(body).Concat(new byte[BatchFormat.MacSize]).ToArray();
            BitConverter.TryWriteBytes(message.AsSpan(8), count);
            BitConverter.TryWriteBytes(message.AsSpan(12), body.Length);
            if (BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out _) == DeadLetterReason.None)
            {
                var output = new List<SecurityEvent>();
                var reason = BatchReader.ReadEvents(message, header, BatchLimits.Default, output, out _);
                (reason == DeadLetterReason.None || output.Count == 0).ShouldBeTrue();
            }
        });
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => _ = Decode(bytes, [], Key.Secret));
        Gen.Byte.Array[0, 200].Sample(bytes => _ = Decode([.. BatchFormat.Magic, 1, .. bytes], [], Key.Secret));
    }

    [Fact]
    public void TryReadHeader_OtherVersion_UnsupportedVersion()
    {
        var message = Encode([]);
        message[4] = 2;

        BatchReader.TryReadHeader(message, BatchLimits.Default, out _, out _).ShouldBe(DeadLetterReason.UnsupportedVersion);
    }

    [Fact]
    public void TryReadHeader_OverMessageLimit_TooLarge()
    {
        var message = Encode([new SecurityEvent { Message = new string('x', 5000) }]);

        BatchReader.TryReadHeader(message, new BatchLimits { MaxMessageBytes = 1000 }, out _, out _).ShouldBe(DeadLetterReason.TooLarge);
    }

    [Fact]
    public void TryReadHeader_TooManyEvents_TooManyEvents()
    {
        var message = Encode(Enumerable.Range(0, 5).Select(_ => new SecurityEvent()));

        BatchReader.TryReadHeader(message, new BatchLimits { MaxEvents = 4 }, out _, out _).ShouldBe(DeadLetterReason.TooManyEvents);
    }

    [Fact]
    public void Add_ValueOverStringLimit_ThrowsAndBatchStaysValid()
    {
        using var writer = new BatchWriter(Key, "EE", "fw1", new BatchLimits { MaxStringBytes = 10 });
        writer.Begin(Created);
        writer.Add(new SecurityEvent { Message = "short" });

        Should.Throw<ArgumentException>(() => writer.Add(new SecurityEvent { Message = "far too long for the limit" }));

        var message = writer.Complete().ToArray();
        var output = new List<SecurityEvent>();
        Decode(message, output, Key.Secret).ShouldBe(DeadLetterReason.None);
        output.Single().Message.ShouldBe("short");
    }

    [Fact]
    public void Begin_Reused_SecondBatchIndependent()
    {
        using var writer = new BatchWriter(Key, "EE", "fw1");
        writer.Begin(Created);
        writer.Add(new SecurityEvent { Message = "one" });
        _ = writer.Complete();
        writer.Begin(Created);
        writer.Add(new SecurityEvent { Message = "two" });
        var message = writer.Complete().ToArray();

        var output = new List<SecurityEvent>();
        Decode(message, output, Key.Secret).ShouldBe(DeadLetterReason.None);
        output.Single().Message.ShouldBe("two");
    }
}

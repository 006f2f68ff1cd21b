using System.Text;
using CsCheck;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Events.Tests.Wire;

public class BatchWriterTests
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8);

    [Fact]
    public void Add_SteadyState_AllocatesNothingPerEvent()
    {
        var evt = new SecurityEvent { SourceIp = "198.51.100.1", DestinationPort = 443, Action = "blocked", Message = "connection refused" };
        evt.Attributes["Image"] = @"C:\Windows\System32\cmd.exe";
        using var writer = new BatchWriter(Key, "EE", "fw1");
        writer.Begin(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 1000; i++)
        {
            writer.Add(evt);
        }

        _ = writer.Complete();

        // Same buffer, now big enough: a second batch of the same size must not allocate at all.
        var before = GC.GetAllocatedBytesForCurrentThread();
        writer.Begin(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 1000; i++)
        {
            writer.Add(evt);
        }

        _ = writer.Complete();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBeLessThan(1000);
    }

    [Fact]
    public void Add_ObserverFieldsEqualHeader_NotRepeatedPerEvent()
    {
        using var writer = new BatchWriter(Key, "EE", "fw1");
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(new SecurityEvent());
        var bare = writer.MessageLength;
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(new SecurityEvent { Partner = "ee-cert", Country = "EE", ObserverName = "fw1" });

        writer.MessageLength.ShouldBe(bare);
    }

    [Fact]
    public void Begin_CountryNotAlpha2_Throws()
    {
        Should.Throw<ArgumentException>(() => new BatchWriter(Key, "EST", "fw1"));
    }

    [Fact]
    public void Add_ShortValueOfAnyChars_WrittenAsItsUtf8()
    {
        // Short values take the narrowing path (ASCII) or the encoder (anything else, lone surrogates included).
        using var writer = new BatchWriter(Key, "EE", "fw1");
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(new SecurityEvent { Message = "a" });
        var bare = writer.MessageLength - 2; // without the length byte and the "a"
        Gen.OneOf(Gen.String[Gen.Char[' ', '~'], 1, 42], Gen.String[Gen.Char, 1, 42], Gen.String[Gen.Char['\uD7F0', '\uE010'], 1, 42]).Sample(value =>
        {
            using var w = new BatchWriter(Key, "EE", "fw1");
            w.Begin(DateTimeOffset.UnixEpoch);
            w.Add(new SecurityEvent { Message = value });
            var utf8 = Encoding.UTF8.GetBytes(value);
            var length = utf8.Length < 0x80 ? 1 : 2;
            w.MessageLength.ShouldBe(bare + length + utf8.Length, value);

            var batch = w.Complete().ToArray();
            // The message is the event's only field, so its bytes end the body, just before the HMAC.
            batch.AsSpan(0, batch.Length - BatchFormat.MacSize).EndsWith(utf8).ShouldBeTrue(value);
        }, iter: 3000);
    }
}

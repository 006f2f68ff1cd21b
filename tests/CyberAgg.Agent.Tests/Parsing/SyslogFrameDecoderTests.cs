using System.Text;
using CsCheck;
using CyberAgg.Agent.Parsing;

namespace CyberAgg.Agent.Tests.Parsing;

public class SyslogFrameDecoderTests
{
    private static (List<string> Frames, List<string> Oversized, bool Invalid) DecodeAll(SyslogFrameDecoder decoder, byte[] stream, int chunk)
    {
        var frames = new List<string>();
        var oversized = new List<string>();
        var buffer = new List<byte>();
        for (var offset = 0; offset < stream.Length; offset += chunk)
        {
            buffer.AddRange(stream.Skip(offset).Take(chunk));
            while (true)
            {
                var span = buffer.ToArray();
                var status = decoder.Decode(span, out var consumed, out var frame, out _);
                var text = Encoding.UTF8.GetString(frame);
                buffer.RemoveRange(0, consumed);
                if (status == FrameStatus.Frame)
                {
                    frames.Add(text);
                }
                else if (status == FrameStatus.Oversized)
                {
                    oversized.Add(text);
                }
                else if (status == FrameStatus.Invalid)
                {
                    return (frames, oversized, true);
                }
                else
                {
                    break;
                }
            }
        }

        return (frames, oversized, false);
    }

    [Fact]
    public void Decode_MixedFramingAnyChunking_SameFrames()
    {
        var stream = Encoding.UTF8.GetBytes("<13>a\n9 <13>b\nc d\r\n<13>e\n\n\0<13>f\n");
        Gen.Int[1, 40].Sample(chunk =>
        {
            var (frames, oversized, invalid) = DecodeAll(new SyslogFrameDecoder(64), stream, chunk);

            invalid.ShouldBeFalse();
            oversized.ShouldBeEmpty();
            frames.ShouldBe(["<13>a", "<13>b\nc d", "<13>e", "<13>f"]);
        });
    }

    [Fact]
    public void Decode_OversizedNewlineFrame_ReportedThenResynced()
    {
        var stream = Encoding.UTF8.GetBytes("<13>" + new string('x', 100) + "\n<13>next\n");

        var (frames, oversized, _) = DecodeAll(new SyslogFrameDecoder(32), stream, 7);

        oversized.Single().Length.ShouldBe(32);
        frames.ShouldBe(["<13>next"]);
    }

    [Fact]
    public void Decode_OversizedOctetCount_SkipsExactlyAndResyncs()
    {
        var stream = Encoding.UTF8.GetBytes("100 " + new string('y', 100) + "5 <13>z");

        var (frames, oversized, invalid) = DecodeAll(new SyslogFrameDecoder(32), stream, 9);

        invalid.ShouldBeFalse();
        oversized.Count.ShouldBe(1);
        frames.ShouldBe(["<13>z"]);
    }

    [Theory]
    [InlineData("12a <13>x")]
    [InlineData("99999999999 x")]
    [InlineData("123456789012")]
    public void Decode_GarbageOctetCount_Invalid(string text)
    {
        DecodeAll(new SyslogFrameDecoder(64), Encoding.UTF8.GetBytes(text), 100).Invalid.ShouldBeTrue();
    }

    [Fact]
    public void Decode_TruncatedOctetFrame_NeedsMoreData()
    {
        new SyslogFrameDecoder(64).Decode("10 <13>ab"u8, out var consumed, out _, out _).ShouldBe(FrameStatus.NeedMoreData);
        consumed.ShouldBe(0);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrowsAlwaysProgresses()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            var decoder = new SyslogFrameDecoder(32);
            var span = bytes.AsSpan();
            while (!span.IsEmpty)
            {
                var status = decoder.Decode(span, out var consumed, out _, out _);
                if (status is FrameStatus.Invalid || (status == FrameStatus.NeedMoreData && consumed == 0))
                {
                    break;
                }

                consumed.ShouldBeGreaterThan(0);
                span = span[consumed..];
            }
        });
    }
}

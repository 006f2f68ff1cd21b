using System.Text;
using CyberAgg.Agent.Parsing;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using SharpFuzz;

namespace CyberAgg.Agent.Fuzz;

/// <summary>
/// One AFL++ target per parser. A target throws (a crash for afl-fuzz) when a parser throws or breaks an invariant:
/// an event without the agent's identity or a time, a control character in a header field, an event the wire format
/// cannot carry back, a framing step without progress.
/// </summary>
internal static class Program
{
    private static readonly DateTimeOffset Received = new(2026, 12, 1, 7, 32, 0, TimeSpan.Zero);
    private static readonly RecordNormalizer Normalizer = new(new NormalizerOptions { Partner = "ee-cert", Country = "EE", Sensor = "fuzz", MaxRecordBytes = 64 * 1024 });
    private static readonly IngestKey Key = new("ee-cert", "fuzz", Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef"));

    public static int Main(string[] args)
    {
        if (args is ["make-batches", var directory])
        {
            MakeBatches(directory);
            return 0;
        }

        var target = args.Length == 1 ? args[0] : string.Empty;
        Action<byte[]>? run = target switch
        {
            "auto" => bytes => Normalize(bytes, InputFormat.Auto),
            "syslog" => bytes => Normalize(bytes, InputFormat.Syslog),
            "cef" => bytes => Normalize(bytes, InputFormat.Cef),
            "json" => bytes => Normalize(bytes, InputFormat.Json),
            "eve" => bytes => Normalize(bytes, InputFormat.Eve),
            "zeek" => bytes => Normalize(bytes, InputFormat.Zeek),
            "framing" => Frame,
            "batch" => ReadBatch,
            _ => null,
        };
        if (run is null)
        {
            Console.Error.WriteLine("usage: CyberAgg.Agent.Fuzz auto|syslog|cef|json|eve|zeek|framing|batch   (under afl-fuzz; see fuzz.sh)");
            return 2;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            run(memory.ToArray());
        });
        return 0;
    }

    private static void Normalize(byte[] bytes, InputFormat format)
    {
        var result = Normalizer.Normalize(bytes, format, "fuzz@0", Received);
        if (result.Event is not { } evt)
        {
            return;
        }

        Check(evt.Partner == "ee-cert" && evt.ObserverName == "fuzz" && evt.EventId is not null, "identity not stamped");
        Check(evt.Timestamp != default, "no timestamp");
        Check(!RecordNormalizer.UsesReceiveTime(evt) || evt.Attributes.ContainsKey(AgentAttributes.EventIngested), "receive time without event.ingested");
        foreach (var name in new[] { EcsFieldNames.HostName, "log.syslog.appname", "log.syslog.procid", "log.syslog.msgid" })
        {
            Check(!evt.TryGetField(name, out var value) || !value!.Any(ControlCharacters.IsControl), "control character in " + name);
        }

        using var writer = new BatchWriter(Key, "EE", "fuzz");
        writer.Begin(Received);
        try
        {
            writer.Add(evt);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return;
        }

        var message = writer.Complete().ToArray();
        Check(BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out _) == DeadLetterReason.None, "own batch header refused");
        var decoded = new List<SecurityEvent>();
        Check(BatchReader.ReadEvents(message, header, BatchLimits.Default, decoded, out _) == DeadLetterReason.None, "own batch refused");
        Check(decoded.Count == 1 && decoded[0].EventId == evt.EventId && decoded[0].Timestamp == evt.Timestamp && decoded[0].Message == evt.Message, "wire round trip differs");
    }

    private static void Frame(byte[] bytes)
    {
        // The first byte picks the chunk size, so AFL explores how frames straddle reads.
        var chunk = bytes.Length == 0 ? 1 : 1 + (bytes[0] % 64);
        var decoder = new SyslogFrameDecoder(256);
        var buffered = new List<byte>();
        for (var offered = 0; offered < bytes.Length;)
        {
            var take = Math.Min(chunk, bytes.Length - offered);
            buffered.AddRange(bytes.AsSpan(offered, take).ToArray());
            offered += take;
            for (var steps = 0; ; steps++)
            {
                Check(steps <= bytes.Length + 2, "framing makes no progress");
                var span = buffered.ToArray();
                var status = decoder.Decode(span, out var consumed, out var frame, out _);
                Check(consumed >= 0 && consumed <= span.Length && frame.Length <= 256, "framing consumed or returned too much");
                Check(status != FrameStatus.Frame || consumed > 0, "a frame consumed nothing");
                buffered.RemoveRange(0, consumed);
                if (status == FrameStatus.Invalid)
                {
                    return;
                }

                if (status == FrameStatus.NeedMoreData || buffered.Count == 0)
                {
                    break;
                }
            }
        }
    }

    private static void ReadBatch(byte[] bytes)
    {
        if (BatchReader.TryReadHeader(bytes, BatchLimits.Default, out var header, out _) == DeadLetterReason.None)
        {
            BatchReader.ReadEvents(bytes, header, BatchLimits.Default, [], out _);
        }
    }

    /// <summary>Replaces every seed file in <paramref name="directory"/> with a signed batch of its record, so the batch target starts from valid messages.</summary>
    private static void MakeBatches(string directory)
    {
        using var writer = new BatchWriter(Key, "EE", "fuzz");
        foreach (var file in Directory.GetFiles(directory))
        {
            writer.Begin(Received);
            if (Normalizer.Normalize(File.ReadAllBytes(file), InputFormat.Auto, "seed", Received).Event is { } evt)
            {
                writer.Add(evt);
            }

            File.WriteAllBytes(file, writer.Complete().ToArray());
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("invariant broken: " + what);
        }
    }
}

using System.Text;
using System.Text.Json;
using CyberAgg.Agent.Parsing;
using CyberAgg.Events;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Parsing;

/// <summary>
/// The project's corpus (tests/CyberAgg.Agent.Tests/Corpus/*.jsonl): sample records written from each format's public
/// documentation, with the ECS output (or dead-letter reason) expected for each. Every case also checks where
/// <c>@timestamp</c> came from: unless a case expects the receive-time marker, the marker must be absent.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    internal static readonly DateTimeOffset Received = new(2026, 12, 1, 7, 32, 0, TimeSpan.Zero);
    private static readonly NormalizerOptions Options = new() { Partner = "ee-cert", Country = "EE", Sensor = "corpus" };

    [Theory]
    [InlineData("suricata.jsonl")]
    [InlineData("zeek.jsonl")]
    [InlineData("syslog.jsonl")]
    [InlineData("cef.jsonl")]
    public void Normalize_CorpusFile_EveryCaseAsExpected(string file)
    {
        var normalizer = new RecordNormalizer(Options);
        var cases = CorpusCase.Load(file);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var result = normalizer.Normalize(c.Input, c.Format, "corpus:" + c.Id, Received);
            failures.AddRange(Check(c, result).Select(problem => $"{c.Id}: {problem}"));
        }

        var passed = cases.Count - failures.Select(f => f[..f.IndexOf(':', StringComparison.Ordinal)]).Distinct().Count();
        output.WriteLine($"{file}: {passed}/{cases.Count} cases pass ({100.0 * passed / cases.Count:F0} %)");
        cases.Count.ShouldBeGreaterThan(10);
        failures.ShouldBeEmpty();
    }

    private static IEnumerable<string> Check(CorpusCase c, NormalizeResult result)
    {
        if (c.DeadLetter is { } reason)
        {
            if (result.DeadLetter is null)
            {
                yield return $"expected dead letter {reason}, got an event";
            }
            else if (result.DeadLetter.ReasonCode != reason)
            {
                yield return $"expected dead letter {reason}, got {result.DeadLetter.ReasonCode} ({result.DeadLetter.Detail})";
            }

            yield break;
        }

        if (result.Event is not { } evt)
        {
            yield return $"expected an event, got {result.DeadLetter?.ReasonCode} ({result.DeadLetter?.Detail})";
            yield break;
        }

        foreach (var (name, expected) in c.Expect)
        {
            evt.TryGetField(name, out var actual);
            if (actual != expected)
            {
                yield return $"{name}: expected '{expected}', got '{actual ?? "(absent)"}'";
            }
        }

        var absent = c.Absent.ToList();
        if (!c.Expect.ContainsKey(AgentAttributes.TimestampSource))
        {
            absent.Add(AgentAttributes.TimestampSource);
        }

        foreach (var name in absent)
        {
            if (evt.TryGetField(name, out var actual))
            {
                yield return $"{name}: expected absent, got '{actual}'";
            }
        }

        // Header-derived fields never carry control characters, whatever the input.
        foreach (var name in new[] { EcsFieldNames.HostName, "log.syslog.appname", "log.syslog.procid", "log.syslog.msgid" })
        {
            if (evt.TryGetField(name, out var value) && value!.Any(ControlCharacters.IsControl))
            {
                yield return $"{name}: contains a control character";
            }
        }
    }

    internal sealed record CorpusCase(string Id, InputFormat Format, byte[] Input, IReadOnlyDictionary<string, string> Expect, IReadOnlyList<string> Absent, string? DeadLetter)
    {
        public static List<CorpusCase> Load(string file)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Corpus", file);
            var cases = new List<CorpusCase>();
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var input = root.TryGetProperty("input_base64", out var b64)
                    ? Convert.FromBase64String(b64.GetString()!)
                    : Encoding.UTF8.GetBytes(root.GetProperty("input").GetString()!);
                var expect = root.TryGetProperty("expect", out var e)
                    ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                    : [];
                var absent = root.TryGetProperty("absent", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                cases.Add(new CorpusCase(
                    root.GetProperty("id").GetString()!,
                    FormatOf(root.GetProperty("format").GetString()!),
                    input,
                    expect,
                    absent,
                    root.TryGetProperty("dead_letter", out var d) ? d.GetString() : null));
            }

            return cases;
        }

        private static InputFormat FormatOf(string name) => name switch
        {
            "auto" => InputFormat.Auto,
            "json" => InputFormat.Json,
            "syslog" => InputFormat.Syslog,
            "cef" => InputFormat.Cef,
            "eve" => InputFormat.Eve,
            "zeek" => InputFormat.Zeek,
            "text" => InputFormat.Text,
            _ => throw new InvalidDataException($"unknown corpus format '{name}'"),
        };
    }
}

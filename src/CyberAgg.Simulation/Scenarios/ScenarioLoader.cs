using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CyberAgg.Simulation.Scenarios;

/// <summary>Reads and validates <c>scenarios/*.yaml</c>; every error names the file, the key and the fix.</summary>
public static partial class ScenarioLoader
{
    private const int MaxBytes = 1024 * 1024;

    private static readonly Dictionary<string, IndicatorKind> IndicatorKeys = new(StringComparer.Ordinal)
    {
        ["source_ip"] = IndicatorKind.SourceIp,
        ["domain"] = IndicatorKind.Domain,
        ["url_domain"] = IndicatorKind.UrlDomain,
        ["file_sha256"] = IndicatorKind.FileSha256,
        ["technique"] = IndicatorKind.Technique,
    };

    public static Scenario LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ScenarioException($"{path}: no such scenario file; the shipped ones are in scenarios/ (see docs/scenarios.md).");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ScenarioException($"{path}: larger than {MaxBytes / 1024} KiB; a scenario describes steps, not events.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static Scenario Parse(string yaml, string source = "<scenario>")
    {
        ScenarioDocument? document;
        try
        {
            document = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<ScenarioDocument>(yaml);
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            throw new ScenarioException($"{source}:{e.Start.Line}:{e.Start.Column}: {message}", e);
        }

        if (document is null)
        {
            throw new ScenarioException($"{source}: the file is empty; start from scenarios/baltic-campaign.yaml.");
        }

        return Validate(document, source);
    }

    private static Scenario Validate(ScenarioDocument d, string source)
    {
        string Fail(string key, string message) => throw new ScenarioException($"{source}: {key}: {message}");
        TimeSpan Require(TimeSpan? value, string key, string example) => value ?? throw new ScenarioException($"{source}: {key}: is required, e.g. {example}.");
        var name = string.IsNullOrWhiteSpace(d.Name) ? Fail("name", "is required.") : d.Name!;
        var duration = Require(ParseDuration(d.Duration, "duration", source), "duration", "2h");
        var speed = d.Speed ?? 1;
        if (speed is <= 0 or > 1_000_000)
        {
            Fail("speed", $"{speed} must be above 0 (1 = real time, 60 = one scenario minute per second).");
        }

        if (d.Partners is not { Count: > 0 })
        {
            Fail("partners", "needs at least one partner with id and country.");
        }

        var partners = new List<ScenarioPartner>();
        for (var i = 0; i < d.Partners!.Count; i++)
        {
            var p = d.Partners[i];
            var key = $"partners[{i}]";
            var id = p.Id is { } pid && PartnerId().IsMatch(pid) ? pid : Fail(key + ".id", $"'{p.Id}' must be lowercase letters, digits and dashes, e.g. ee-cert.");
            var country = p.Country is { } c && Country().IsMatch(c) ? c : Fail(key + ".country", $"'{p.Country}' must be an ISO 3166-1 alpha-2 code such as EE.");
            if (partners.Any(x => x.Id == id))
            {
                Fail(key + ".id", $"'{id}' is listed twice.");
            }

            var noise = p.NoisePerMinute ?? 0;
            if (noise is < 0 or > 1_000_000)
            {
                Fail(key + ".noise_per_minute", $"{noise} must be between 0 and 1000000.");
            }

            partners.Add(new ScenarioPartner(id, country, p.Sector ?? "government", noise));
        }

        var steps = new List<ScenarioStep>();
        for (var i = 0; i < (d.Steps?.Count ?? 0); i++)
        {
            var s = d.Steps![i];
            var key = $"steps[{i}]";
            var at = Require(ParseDuration(s.At, key + ".at", source), key + ".at", "10m");
            if (at > duration)
            {
                Fail(key + ".at", $"{s.At} is after the end of the scenario ({d.Duration}).");
            }

            if (s.Indicator is not { Count: 1 })
            {
                Fail(key + ".indicator", $"needs exactly one of {string.Join(", ", IndicatorKeys.Keys)}, e.g. indicator: {{ source_ip: 203.0.113.7 }}.");
            }

            var (kindKey, value) = s.Indicator!.First();
            if (!IndicatorKeys.TryGetValue(kindKey, out var kind))
            {
                Fail($"{key}.indicator.{kindKey}", $"is not an indicator kind; use one of {string.Join(", ", IndicatorKeys.Keys)}.");
            }

            if (string.IsNullOrWhiteSpace(value) || value.Length > 512)
            {
                Fail($"{key}.indicator.{kindKey}", "must be a value of 1 to 512 characters.");
            }

            if (s.SeenBy is not { Count: > 0 })
            {
                Fail(key + ".seen_by", "needs the partners that observe this step, in order.");
            }

            foreach (var seer in s.SeenBy!.Where(x => partners.All(p => p.Id != x)))
            {
                Fail(key + ".seen_by", $"partner '{seer}' is not listed under partners.");
            }

            var perPartner = s.EventsPerPartner ?? 1;
            if (perPartner is < 1 or > 10_000)
            {
                Fail(key + ".events_per_partner", $"{perPartner} must be between 1 and 10000.");
            }

            steps.Add(new ScenarioStep(
                s.Name ?? $"step {i + 1}", at, s.Technique ?? "", kind, value, s.SeenBy!,
                ParseDuration(s.Spread, key + ".spread", source) ?? TimeSpan.FromMinutes(5), perPartner, s.Sector));
        }

        return new Scenario(name, d.Description ?? "", duration, speed, partners, steps, d.Seed ?? 1);
    }

    /// <summary>Parses <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.</summary>
    public static TimeSpan? ParseDuration(string? text, string key, string source)
    {
        if (text is null)
        {
            return null;
        }

        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new ScenarioException($"{source}: {key}: '{text}' is not a duration; write a number with s, m, h or d, e.g. 15m.");
        }

        var n = double.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([smhd])$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex PartnerId();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Country();
}

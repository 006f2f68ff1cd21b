using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Support;

/// <summary>
/// The rules the event-time property tests run: two detections and a correlation of each kind that decides
/// differently (lower bounds that fire as they become true, whole-window conditions, a sequence, an average).
/// </summary>
internal static class EventTimeRules
{
    public const string CrossBorder = "00000000-0000-4000-8000-0000000000c1";

    public const string Few = "00000000-0000-4000-8000-0000000000c3";

    private const string Rules = """
        title: A
        id: 00000000-0000-4000-8000-0000000000a1
        name: rule_a
        detection:
          sel:
            Kind: a
          condition: sel
        ---
        title: B
        id: 00000000-0000-4000-8000-0000000000b1
        name: rule_b
        detection:
          sel:
            Kind: b
          condition: sel
        ---
        title: Cross-border
        id: 00000000-0000-4000-8000-0000000000c1
        correlation:
          type: value_count
          rules: [rule_a, rule_b]
          group-by: [ip]
          timespan: 15m
          condition: {field: country, gte: 2}
        ---
        title: Burst
        id: 00000000-0000-4000-8000-0000000000c2
        correlation:
          type: event_count
          rules: [rule_a]
          group-by: [ip]
          timespan: 10m
          condition: {gte: 3}
        ---
        title: Few
        id: 00000000-0000-4000-8000-0000000000c3
        correlation:
          type: event_count
          rules: [rule_b]
          group-by: [ip]
          timespan: 10m
          condition: {lt: 3}
        ---
        title: Sequence
        id: 00000000-0000-4000-8000-0000000000c4
        correlation:
          type: temporal_ordered
          rules: [rule_a, rule_b]
          group-by: [ip]
          timespan: 20m
        ---
        title: Average
        id: 00000000-0000-4000-8000-0000000000c5
        correlation:
          type: value_avg
          rules: [rule_a]
          group-by: [ip]
          timespan: 30m
          condition: {field: bytes, gte: 40, lte: 60}
        """;

    public static RuleSet RuleSet { get; } = RuleSet.Parse(Rules, "event-time.yml");
}

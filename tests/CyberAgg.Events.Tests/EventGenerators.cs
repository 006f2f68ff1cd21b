using CsCheck;

namespace CyberAgg.Events.Tests;

/// <summary>CsCheck generators for events as an agent would batch them.</summary>
internal static class EventGenerators
{
    // Valid UTF-16 only (no lone surrogates): the event model holds text, and text is what round-trips.
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char[' ', '\u024F'], 0, 40],
        Gen.OneOfConst("日本語", "🙂 emoji", "C:\\Windows\\System32\\cmd.exe", "a|b\\c=d", ""));

    public static readonly Gen<string> NonEmptyText = Gen.String[Gen.Char[' ', '\u024F'], 1, 40];

    private static readonly Gen<int?> Port = Gen.Int[0, 65535].Nullable();

    public static Gen<SecurityEvent> Event(string partner, string country) =>
        Gen.Select(
            Gen.Long[DateTimeOffset.UnixEpoch.UtcTicks, DateTimeOffset.MaxValue.UtcTicks - 1],
            Gen.Enum<Tlp>(),
            Gen.Int[0, 10].Nullable(),
            Port,
            Port,
            NonEmptyText.Null().Array[EcsFieldNames.StringCount - 2],
            Gen.Dictionary(NonEmptyText, Text)[0, 3],
            Gen.Dictionary(Text, Text)[0, 6])
        .Select(t =>
        {
            var evt = new SecurityEvent
            {
                Timestamp = new DateTimeOffset(t.Item1, TimeSpan.Zero),
                Tlp = t.Item2,
                Severity = t.Item3,
                SourcePort = t.Item4,
                DestinationPort = t.Item5,
                Partner = partner,
                Country = country,
            };
            var i = 0;
            for (var field = EcsField.ObserverName; field <= EcsField.Message; field++)
            {
                evt.Set(field, t.Item6[i++]);
            }

            foreach (var (k, v) in t.Item7)
            {
                evt.Labels[k] = v;
            }

            foreach (var (k, v) in t.Item8)
            {
                evt.Attributes[k] = v;
            }

            return evt;
        });
}

using System.Globalization;
using System.Text;

namespace CyberAgg.Configuration;

/// <summary>
/// Durations as people write them in every CyberAgg setting: <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>2d</c>
/// or combined (<c>1h30m</c>); the .NET form <c>00:05:00</c> is still accepted so older files keep working.
/// </summary>
public static class Duration
{
    private static readonly (string Suffix, long Ticks)[] Units =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
        ("d", TimeSpan.TicksPerDay),
    ];

    /// <summary>The hint every duration error carries.</summary>
    public const string Hint = "write a number with a unit: 250ms, 30s, 5m, 1h or 1h30m";

    /// <summary>Parses <paramref name="text"/>; false when it is no duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (s.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
        }

        var negative = s[0] == '-';
        var i = negative ? 1 : 0;
        long ticks = 0;
        var parts = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var factor = UnitTicks(s.AsSpan(unitStart, i - unitStart));
            if (factor == 0)
            {
                return false;
            }

            var add = number * factor;
            if (add > TimeSpan.MaxValue.Ticks - (double)ticks)
            {
                return false;
            }

            ticks += (long)Math.Round(add);
            parts++;
        }

        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return parts > 0;
    }

    private static long UnitTicks(ReadOnlySpan<char> unit)
    {
        foreach (var (suffix, ticks) in Units)
        {
            if (unit.Equals(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return ticks;
            }
        }

        return 0;
    }

    /// <summary>Parses a setting's value, or throws naming <paramref name="key"/> and the accepted forms.</summary>
    /// <exception cref="ConfigurationException">The value is no duration.</exception>
    public static TimeSpan Parse(string key, string? text) =>
        TryParse(text, out var value) ? value : throw new ConfigurationException(key, $"'{text}' is not a duration; {Hint}.");

    /// <summary>The shortest form <see cref="TryParse"/> reads back to the same value, e.g. <c>5m</c> or <c>1h30m</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        var ticks = value.Ticks;
        if (ticks < 0)
        {
            text.Append('-');
            ticks = -ticks;
        }

        for (var u = Units.Length - 1; u >= 0 && ticks > 0; u--)
        {
            var (suffix, factor) = Units[u];
            var count = ticks / factor;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(suffix);
                ticks -= count * factor;
            }
        }

        if (ticks > 0)
        {
            // Below a millisecond: keep it exact as a fraction of a millisecond.
            text.Append((ticks / (double)TimeSpan.TicksPerMillisecond).ToString("0.####", CultureInfo.InvariantCulture)).Append("ms");
        }

        return text.ToString();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using CyberAgg.Events.Alerts;
using Microsoft.AspNetCore.Http;

namespace CyberAgg.Api.Alerts;

/// <summary>The validated filters of <c>GET /api/alerts</c>; every value reaches ClickHouse as a typed parameter.</summary>
internal sealed partial record AlertFilter
{
    public static readonly string[] Levels = ["informational", "low", "medium", "high", "critical"];
    public static readonly string[] Statuses = ["new", "acknowledged", "assigned", "closed"];
    private static readonly string[] Kinds = [AlertKinds.Detection, AlertKinds.Correlation, AlertKinds.CrossBorder];
    private static readonly string[] Known = ["from", "to", "level", "country", "partner", "rule", "status", "kind", "q", "limit", "cursor"];

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public IReadOnlyList<string> Level { get; init; } = [];
    public string? Country { get; init; }
    public string? Partner { get; init; }
    public string? Rule { get; init; }
    public IReadOnlyList<string> Status { get; init; } = [];
    public string? Kind { get; init; }
    public string? Text { get; init; }
    public int Limit { get; init; } = 50;
    public AlertCursor? Cursor { get; init; }

    public static bool IsAlertId(string id) => AlertId().IsMatch(id);

    /// <summary>Parses the query string; on failure names the parameter and why.</summary>
    public static bool TryParse(IQueryCollection query, int maxLimit, out AlertFilter filter, out (string Parameter, string Message) error)
    {
        filter = new AlertFilter();
        error = default;
        foreach (var (key, values) in query)
        {
            if (!Known.Contains(key, StringComparer.Ordinal))
            {
                error = (key.Length > 40 ? key[..40] : key, $"is not a filter; use {string.Join(", ", Known)}.");
                return false;
            }

            if (values.Count != 1)
            {
                error = (key, "is given more than once; give each filter once (lists are comma-separated).");
                return false;
            }

            var value = values[0] ?? "";
            string? message = key switch
            {
                "from" => Time(value, out var from) ? Set(ref filter, filter with { From = from }) : "must be an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z.",
                "to" => Time(value, out var to) ? Set(ref filter, filter with { To = to }) : "must be an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z.",
                "level" => List(value, Levels, out var levels) ? Set(ref filter, filter with { Level = levels }) : $"must be a comma-separated list of {string.Join(", ", Levels)}.",
                "status" => List(value, Statuses, out var statuses) ? Set(ref filter, filter with { Status = statuses }) : $"must be a comma-separated list of {string.Join(", ", Statuses)}.",
                "kind" => Kinds.Contains(value, StringComparer.Ordinal) ? Set(ref filter, filter with { Kind = value }) : $"must be one of {string.Join(", ", Kinds)}.",
                "country" => CountryCode().IsMatch(value) ? Set(ref filter, filter with { Country = value }) : "must be an upper-case ISO 3166-1 alpha-2 code, e.g. EE.",
                "partner" => PartnerId().IsMatch(value) ? Set(ref filter, filter with { Partner = value }) : "must be a partner id: lower-case letters, digits and '-'.",
                "rule" => Printable(value, 128) ? Set(ref filter, filter with { Rule = value }) : "must be 1 to 128 printable characters.",
                "q" => Printable(value, 200) ? Set(ref filter, filter with { Text = value }) : "must be 1 to 200 printable characters.",
                "limit" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= maxLimit
                    ? Set(ref filter, filter with { Limit = limit }) : $"must be a whole number from 1 to {maxLimit}.",
                "cursor" => AlertCursor.TryDecode(value, out var cursor) ? Set(ref filter, filter with { Cursor = cursor }) : "is not a cursor this API returned.",
                _ => "is not a filter.",
            };
            if (message is not null)
            {
                error = (key, message);
                return false;
            }
        }

        if (filter.From is { } f && filter.To is { } t && f >= t)
        {
            error = ("from", "must be earlier than 'to'.");
            return false;
        }

        return true;
    }

    private static string? Set(ref AlertFilter filter, AlertFilter next)
    {
        filter = next;
        return null;
    }

    private static bool Time(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
        && value.Length <= 40 && value.Contains('T', StringComparison.Ordinal) && time.Year is >= 1970 and <= 2200;

    private static bool List(string value, string[] allowed, out string[] items)
    {
        items = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.Length is > 0 and <= 8 && items.All(i => allowed.Contains(i, StringComparer.Ordinal));
    }

    private static bool Printable(string value, int max) => value.Length > 0 && value.Length <= max && !value.Any(char.IsControl);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")]
    private static partial Regex AlertId();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex PartnerId();
}

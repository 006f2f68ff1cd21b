using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CyberAgg.Api.Alerts;

/// <summary>An opaque keyset cursor: the sort key (raised_at, alert_id) of the last row of the previous page.</summary>
internal readonly record struct AlertCursor(long RaisedAtMs, string AlertId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{RaisedAtMs.ToString(CultureInfo.InvariantCulture)}|{AlertId}"));

    public static bool TryDecode(string text, out AlertCursor cursor)
    {
        cursor = default;
        if (text.Length is 0 or > 256 || !Base64Url.IsValid(text))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        var bar = decoded.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(decoded.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        var id = decoded[(bar + 1)..];
        if (!AlertFilter.IsAlertId(id))
        {
            return false;
        }

        cursor = new AlertCursor(ms, id);
        return true;
    }
}

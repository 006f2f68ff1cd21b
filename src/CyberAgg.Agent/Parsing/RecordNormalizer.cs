using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CyberAgg.Events;
using CyberAgg.Events.Json;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// Turns one raw record (a line, a datagram, a TCP frame) into a <see cref="SecurityEvent"/> stamped with this agent's
/// partner, country and sensor, or into a <see cref="DeadLetter"/>. Pure: the receive time comes in as an argument.
/// </summary>
internal sealed class RecordNormalizer
{
    private readonly NormalizerOptions _options;
    private readonly JsonEventOptions _json;

    public RecordNormalizer(NormalizerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _json = new JsonEventOptions
        {
            MaxBytes = options.MaxRecordBytes,
            MaxDepth = options.MaxJsonDepth,
            RequireTimestamp = false,
            AssignMissingEventId = false,
        };
    }

    /// <param name="record">The record without its line terminator or frame header.</param>
    /// <param name="format">The input's configured format.</param>
    /// <param name="origin">
    /// Where the record came from, unique per record and stable across re-reads (<c>file:/var/log/x.log@1234</c>): the event
    /// id derives from it, so a re-read line deduplicates while two identical lines stay two events.
    /// </param>
    /// <param name="received">When the agent read it; the timestamp of records that carry none.</param>
    public NormalizeResult Normalize(ReadOnlySpan<byte> record, InputFormat format, string origin, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (record.Length > _options.MaxRecordBytes)
        {
            return Fail(DeadLetterReason.TooLarge, $"{record.Length} bytes, limit {_options.MaxRecordBytes}", origin, record);
        }

        var body = record.TrimEnd("\r\n"u8);
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        if (body.Trim(" \t"u8).IsEmpty)
        {
            return default;
        }

        if (!Utf8.IsValid(body))
        {
            return Fail(DeadLetterReason.InvalidUtf8, null, origin, record);
        }

        var evt = new SecurityEvent { Timestamp = received };
        var failure = (format == InputFormat.Auto ? Detect(body) : format) switch
        {
            InputFormat.Json => ParseJson(body, ref evt),
            InputFormat.Syslog => ParseSyslog(Encoding.UTF8.GetString(body), received, evt),
            InputFormat.Cef => ParseCef(Encoding.UTF8.GetString(body), evt),
            _ => ParseText(Encoding.UTF8.GetString(body), evt),
        };
        if (failure is { } f)
        {
            return Fail(f.Reason, f.Detail, origin, record);
        }

        // Stamped last: the agent's configuration, not the record, says who observed it.
        evt.Partner = _options.Partner;
        evt.Country = _options.Country;
        evt.ObserverName = _options.Sensor;
        evt.EventId ??= RecordIds.FromRaw(_options.Partner, origin, record);
        return new NormalizeResult(evt, null);
    }

    private static InputFormat Detect(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t"u8);
        return trimmed[0] switch
        {
            (byte)'{' => InputFormat.Json,
            (byte)'<' => InputFormat.Syslog,
            _ => trimmed.StartsWith("CEF:"u8) ? InputFormat.Cef : InputFormat.Text,
        };
    }

    private ParseFailure? ParseJson(ReadOnlySpan<byte> body, ref SecurityEvent evt)
    {
        var received = evt.Timestamp;
        var result = JsonEventParser.Parse(body, _json);
        if (!result.Success)
        {
            return new ParseFailure(result.Reason, result.Detail ?? string.Empty);
        }

        evt = result.Event!;
        if (evt.Timestamp == default)
        {
            evt.Timestamp = received;
        }

        return null;
    }

    private static ParseFailure? ParseSyslog(string text, DateTimeOffset received, SecurityEvent evt)
    {
        if (!SyslogParser.TryParse(text, received, out var syslog, out var failure))
        {
            return failure;
        }

        ApplySyslog(syslog!, evt);
        var cefAt = CefParser.IndexOfCef(syslog!.Message);
        if (cefAt >= 0)
        {
            if (!CefParser.TryParse(syslog.Message.AsSpan(cefAt), out var cef, out failure))
            {
                return failure;
            }

            evt.Message = null;
            CefFieldMap.Apply(cef!, evt);
        }

        return null;
    }

    private static ParseFailure? ParseCef(string text, SecurityEvent evt)
    {
        if (!CefParser.TryParse(text.AsSpan().TrimStart(), out var cef, out var failure))
        {
            return failure;
        }

        CefFieldMap.Apply(cef!, evt);
        return null;
    }

    private static ParseFailure? ParseText(string text, SecurityEvent evt)
    {
        evt.Message = text;
        return null;
    }

    private static void ApplySyslog(SyslogMessage syslog, SecurityEvent evt)
    {
        if (syslog.Timestamp is { } timestamp)
        {
            evt.Timestamp = timestamp;
        }

        // syslog severity runs 0 (emergency) to 7 (debug); event.severity runs 0 to 10, higher is worse.
        ReadOnlySpan<int> severities = [10, 9, 8, 7, 5, 3, 2, 1];
        evt.Severity = severities[syslog.Severity];
        evt.HostName = syslog.Hostname;
        evt.Message = syslog.Message;
        var attributes = evt.Attributes;
        attributes["log.syslog.facility.code"] = syslog.Facility.ToString(CultureInfo.InvariantCulture);
        attributes["log.syslog.severity.code"] = syslog.Severity.ToString(CultureInfo.InvariantCulture);
        attributes["log.syslog.version"] = syslog.IsRfc5424 ? "1" : "0";
        SetIfPresent(attributes, "log.syslog.appname", syslog.AppName);
        SetIfPresent(attributes, "process.name", syslog.AppName);
        SetIfPresent(attributes, "log.syslog.procid", syslog.ProcId);
        SetIfPresent(attributes, "log.syslog.msgid", syslog.MsgId);
        foreach (var (name, value) in syslog.StructuredData)
        {
            attributes["log.syslog.structured_data." + name] = value;
        }
    }

    private static void SetIfPresent(Dictionary<string, string> attributes, string name, string? value)
    {
        if (value is not null)
        {
            attributes[name] = value;
        }
    }

    private NormalizeResult Fail(DeadLetterReason reason, string? detail, string origin, ReadOnlySpan<byte> record) =>
        new(null, new DeadLetter(reason, detail, origin, DeadLetterPayload.Truncate(record, _options.MaxDeadLetterBytes)));
}

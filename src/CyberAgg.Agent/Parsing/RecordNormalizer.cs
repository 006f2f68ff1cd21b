using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CyberAgg.Agent.Parsing.Sensors;
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
    /// <param name="reuse">
    /// An event the caller is done with (the batcher's, once encoded): reset and filled instead of a new one, so the
    /// result's event is this instance. Null for a new event.
    /// </param>
    public NormalizeResult Normalize(ReadOnlySpan<byte> record, InputFormat format, string origin, DateTimeOffset received, SecurityEvent? reuse = null)
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

        var effective = format == InputFormat.Auto ? Detect(body, received) : format;
        // JSON is validated once, by the JSON parser before it reads anything (ParseJson names the failure); other text
        // that is not UTF-8 is kept as ISO-8859-1 and marked.
        var utf8 = effective is InputFormat.Json or InputFormat.Eve or InputFormat.Zeek || Utf8.IsValid(body);

        // Timestamp stays default until a parser reads one from the record.
        var evt = reuse ?? new SecurityEvent();
        reuse?.Reset();
        var text = effective is InputFormat.Json or InputFormat.Eve or InputFormat.Zeek ? null
            : utf8 ? Encoding.UTF8.GetString(body) : Latin1Fallback.Decode(body);
        var failure = effective switch
        {
            InputFormat.Json or InputFormat.Eve or InputFormat.Zeek => ParseJson(body, effective, reuse, ref evt),
            InputFormat.Syslog => ParseSyslog(text!, received, evt),
            InputFormat.Cef => ParseCef(text!, received, evt),
            _ => ParseText(text!, evt),
        };
        if (failure is { } f)
        {
            return Fail(f.Reason, f.Detail, origin, record);
        }

        if (!utf8)
        {
            evt.Attributes[AgentAttributes.Encoding] = AgentAttributes.Latin1;
        }

        if (evt.Timestamp == default)
        {
            // Never silently: the event says its time is the receive time, and the batcher counts it per input.
            evt.Timestamp = received;
            evt.Attributes[AgentAttributes.EventIngested] = EventTimestamps.Format(received);
            evt.Attributes[AgentAttributes.TimestampSource] = AgentAttributes.ReceiveTime;
        }

        // Stamped last: the agent's configuration, not the record, says who observed it.
        evt.Partner = _options.Partner;
        evt.Country = _options.Country;
        evt.ObserverName = _options.Sensor;
        evt.EventId ??= RecordIds.FromRaw(_options.Partner, origin, record);
        return new NormalizeResult(evt, null);
    }

    /// <summary>True when the event's <c>@timestamp</c> is the receive time, not the record's own.</summary>
    public static bool UsesReceiveTime(SecurityEvent evt) =>
        evt.AttributeCount > 0 && evt.Attributes.TryGetValue(AgentAttributes.TimestampSource, out var source) && source == AgentAttributes.ReceiveTime;

    private static InputFormat Detect(ReadOnlySpan<byte> body, DateTimeOffset received)
    {
        var trimmed = body.TrimStart(" \t"u8);
        switch (trimmed[0])
        {
            case (byte)'{':
                return InputFormat.Json;
            case (byte)'<':
                return InputFormat.Syslog;
        }

        if (trimmed.StartsWith("CEF:"u8))
        {
            return InputFormat.Cef;
        }

        // A line that starts with a syslog stamp is syslog without a PRI (a local log file, or CEF behind a bare header).
        Span<char> head = stackalloc char[64];
        var length = Encoding.Latin1.GetChars(trimmed[..Math.Min(trimmed.Length, head.Length)], head);
        return Rfc3164.StartsWithTimestamp(head[..length], received) ? InputFormat.Syslog : InputFormat.Text;
    }

    private ParseFailure? ParseJson(ReadOnlySpan<byte> body, InputFormat format, SecurityEvent? reuse, ref SecurityEvent evt)
    {
        var result = JsonEventParser.Parse(body, _json, reuse);
        if (!result.Success)
        {
            return new ParseFailure(result.Reason, result.Reason == DeadLetterReason.InvalidUtf8 ? "JSON must be UTF-8 (RFC 8259)" : result.Detail ?? string.Empty);
        }

        evt = result.Event!;
        if (format == InputFormat.Eve || (format == InputFormat.Json && SuricataEve.Looks(evt)))
        {
            if (format == InputFormat.Eve && !SuricataEve.Looks(evt))
            {
                return new ParseFailure(DeadLetterReason.InvalidField, "not a Suricata EVE record: needs event_type and timestamp");
            }

            SuricataEve.Apply(evt);
        }
        else if (format == InputFormat.Zeek || (format == InputFormat.Json && ZeekLogs.Looks(evt)))
        {
            if (format == InputFormat.Zeek && !ZeekLogs.Looks(evt))
            {
                return new ParseFailure(DeadLetterReason.InvalidField, "not a Zeek JSON log record: needs ts and uid, fuid, note or id.orig_h");
            }

            ZeekLogs.Apply(evt);
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
            CefFieldMap.Apply(cef!, evt, received);
        }

        return null;
    }

    private static ParseFailure? ParseCef(string text, DateTimeOffset received, SecurityEvent evt)
    {
        var trimmed = text.TrimStart();
        var cefAt = CefParser.IndexOfCef(trimmed);
        if (cefAt > 0 && SyslogParser.TryParse(trimmed, received, out _, out _))
        {
            // CEF behind a syslog header, with or without PRI (the CEF guide's own example has none).
            return ParseSyslog(trimmed, received, evt);
        }

        if (!CefParser.TryParse(trimmed.AsSpan(Math.Max(cefAt, 0)), out var cef, out var failure))
        {
            return failure;
        }

        if (cefAt > 0)
        {
            evt.Attributes["log.header"] = ControlCharacters.Escape(trimmed.AsSpan(0, cefAt).TrimEnd());
        }

        CefFieldMap.Apply(cef!, evt, received);
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

        evt.HostName = syslog.Hostname;
        evt.Message = syslog.Message;
        var attributes = evt.Attributes;
        if (syslog.HasPri)
        {
            // syslog severity runs 0 (emergency) to 7 (debug); event.severity runs 0 to 10, higher is worse.
            ReadOnlySpan<int> severities = [10, 9, 8, 7, 5, 3, 2, 1];
            evt.Severity = severities[syslog.Severity];
            attributes["log.syslog.facility.code"] = syslog.Facility.ToString(CultureInfo.InvariantCulture);
            attributes["log.syslog.severity.code"] = syslog.Severity.ToString(CultureInfo.InvariantCulture);
        }

        SetIfPresent(attributes, "log.syslog.sequence", syslog.Sequence);
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

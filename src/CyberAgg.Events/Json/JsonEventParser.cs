using System.Text.Unicode;

namespace CyberAgg.Events.Json;

/// <summary>Parses one third-party JSON record (nested or dotted ECS keys, or Windows event JSON) into a <see cref="SecurityEvent"/>.</summary>
public static class JsonEventParser
{
    /// <summary>Never throws on input: every failure is an <see cref="EventParseResult"/> with a reason.</summary>
    /// <remarks>
    /// A record without <c>event.id</c> gets <see cref="EventIds.FromRaw"/> over its partner and exact bytes, so a
    /// redelivered message deduplicates downstream.
    /// </remarks>
    public static EventParseResult Parse(ReadOnlySpan<byte> utf8, JsonEventOptions? options = null) => Parse(utf8, options, reuse: null);

    /// <summary><see cref="Parse(ReadOnlySpan{byte}, JsonEventOptions?)"/> into an event the caller is done with.</summary>
    /// <param name="utf8">The record.</param>
    /// <param name="options">Limits and policy; <see cref="JsonEventOptions.Default"/> when null.</param>
    /// <param name="reuse">
    /// When not null, <see cref="SecurityEvent.Reset"/> and filled instead of a new event (then the result's event is this
    /// instance): a producer that encodes each event before it parses the next saves an event and its dictionary per record.
    /// </param>
    public static EventParseResult Parse(ReadOnlySpan<byte> utf8, JsonEventOptions? options, SecurityEvent? reuse)
    {
        options ??= JsonEventOptions.Default;
        var raw = utf8;
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return EventParseResult.Fail(DeadLetterReason.Empty);
        }

        if (utf8.Length > options.MaxBytes)
        {
            return EventParseResult.Fail(DeadLetterReason.TooLarge, $"{utf8.Length} bytes, limit {options.MaxBytes}");
        }

        // Checked up front (vectorised) so every later string conversion is lossless.
        if (!Utf8.IsValid(utf8))
        {
            return EventParseResult.Fail(DeadLetterReason.InvalidUtf8);
        }

        var evt = reuse ?? new SecurityEvent();
        reuse?.Reset();
        // Sized from the record (a leaf takes 12 bytes of JSON or more) instead of growing 3 -> 7 -> 17 -> 37, each step
        // garbage for the GC; capped so that events held in correlation state do not carry much empty room.
        evt.Attributes.EnsureCapacity(Math.Min(utf8.Length / 12, 64));
        var sink = new EventFieldSink(evt);
        var reason = JsonFlattener.Flatten(utf8, options.MaxDepth, options.MaxFields, ref sink, out var detail);
        if (reason != DeadLetterReason.None)
        {
            return EventParseResult.Fail(reason, detail);
        }

        var timestampSet = sink.TimestampSet;
        if (sink.IsWindowsEvent)
        {
            reason = WindowsEventNames.MapToEcs(evt, ref timestampSet, out detail);
            if (reason != DeadLetterReason.None)
            {
                return EventParseResult.Fail(reason, detail);
            }
        }

        if (!timestampSet && options.RequireTimestamp)
        {
            return EventParseResult.Fail(DeadLetterReason.MissingTimestamp);
        }

        if (options.AssignMissingEventId)
        {
            evt.EventId ??= EventIds.FromRaw(evt.Partner ?? string.Empty, evt.ObserverName, raw);
        }

        return EventParseResult.Ok(evt);
    }
}

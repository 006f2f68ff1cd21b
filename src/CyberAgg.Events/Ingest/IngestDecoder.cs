using CyberAgg.Events.Json;
using CyberAgg.Events.Wire;

namespace CyberAgg.Events.Ingest;

/// <summary>
/// The correlator's single entry point for a message on <c>cyberagg.events.v1</c>: decides the format, checks trust
/// (DESIGN §5 <c>ingest.trust</c>) and decodes, or says why the message belongs on the dead-letter topic.
/// Thread-safe; never throws on message content.
/// </summary>
public sealed class IngestDecoder
{
    private readonly IIngestKeyProvider _keys;
    private readonly IngestDecoderOptions _options;

    public IngestDecoder(IIngestKeyProvider keys, IngestDecoderOptions? options = null)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _options = options ?? new IngestDecoderOptions();
    }

    public IngestTrust Trust => _options.Trust;

    /// <summary>
    /// Decodes <paramref name="value"/> and appends its events to <paramref name="output"/> (nothing is appended on
    /// failure). Every event gets <see cref="SecurityEvent.Trusted"/> and observer fields set.
    /// </summary>
    public IngestResult Decode(ReadOnlySpan<byte> value, in IngestHeaders headers, List<SecurityEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (headers.Schema is { } schema && schema != SchemaVersions.EventsV1)
        {
            return IngestResult.Fail(DeadLetterReason.UnsupportedVersion, "schema " + schema, MessageFormat.Unknown);
        }

        return FormatOf(value, headers.ContentType) switch
        {
            MessageFormat.Batch => DecodeBatch(value, headers, output),
            MessageFormat.Json => DecodeJson(value, headers, output),
            _ => IngestResult.Fail(DeadLetterReason.UnsupportedContentType, headers.ContentType, MessageFormat.Unknown),
        };
    }

    private static MessageFormat FormatOf(ReadOnlySpan<byte> value, string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            // Headerless producers (kcat, older shippers): the magic tells a batch apart from JSON.
            return BatchReader.HasMagic(value) ? MessageFormat.Batch : MessageFormat.Json;
        }

        if (contentType == ContentTypes.Batch)
        {
            return MessageFormat.Batch;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        return mediaType.Trim().Equals(ContentTypes.Json, StringComparison.OrdinalIgnoreCase) ? MessageFormat.Json : MessageFormat.Unknown;
    }

    private IngestResult DecodeBatch(ReadOnlySpan<byte> value, in IngestHeaders headers, List<SecurityEvent> output)
    {
        const MessageFormat format = MessageFormat.Batch;
        var limits = _options.BatchLimits;
        var reason = BatchReader.TryReadHeader(value, limits, out var header, out var detail);
        if (reason != DeadLetterReason.None)
        {
            return IngestResult.Fail(reason, detail, format);
        }

        if (headers.Partner is { } claimed && claimed != header.Partner)
        {
            return IngestResult.Fail(DeadLetterReason.PartnerMismatch, "cyberagg-partner header differs from the batch", format, header.Partner, header.KeyId);
        }

        var trusted = false;
        if (_keys.TryGetKey(header.Partner, header.KeyId, out var key))
        {
            if (!BatchReader.VerifySignature(value, header, key.Secret))
            {
                return IngestResult.Fail(DeadLetterReason.BadSignature, null, format, header.Partner, header.KeyId);
            }

            if (key.Country is { } country && country != header.Country)
            {
                return IngestResult.Fail(DeadLetterReason.CountryMismatch, $"key is for {country}", format, header.Partner, header.KeyId);
            }

            trusted = true;
        }
        else if (_options.Trust == IngestTrust.Signed)
        {
            return IngestResult.Fail(DeadLetterReason.UnknownKey, null, format, header.Partner, header.KeyId);
        }

        var start = output.Count;
        reason = BatchReader.ReadEvents(value, header, limits, output, out detail);
        if (reason != DeadLetterReason.None)
        {
            return IngestResult.Fail(reason, detail, format, header.Partner, header.KeyId);
        }

        for (var i = start; i < output.Count; i++)
        {
            var evt = output[i];

            // The signature covers the header's partner and country only; an event naming others is a forgery attempt
            // or a bug, and either way the whole batch is refused.
            if (evt.Partner != header.Partner || evt.Country != header.Country)
            {
                output.RemoveRange(start, output.Count - start);
                var mismatch = evt.Partner != header.Partner ? DeadLetterReason.PartnerMismatch : DeadLetterReason.CountryMismatch;
                return IngestResult.Fail(mismatch, $"event {i - start}", format, header.Partner, header.KeyId);
            }

            evt.Trusted = trusted;
            evt.EventId ??= EventIds.FromContent(evt);
        }

        return new IngestResult(DeadLetterReason.None, null, format, trusted, header.Partner, header.KeyId, output.Count - start);
    }

    private IngestResult DecodeJson(ReadOnlySpan<byte> value, in IngestHeaders headers, List<SecurityEvent> output)
    {
        const MessageFormat format = MessageFormat.Json;
        if (_options.Trust == IngestTrust.Signed)
        {
            return IngestResult.Fail(DeadLetterReason.Unsigned, "ingest.trust is signed", format, headers.Partner);
        }

        var parsed = JsonEventParser.Parse(value, _options.Json);
        if (!parsed.Success)
        {
            return IngestResult.Fail(parsed.Reason, parsed.Detail, format, headers.Partner);
        }

        var evt = parsed.Event!;
        if (headers.Partner is { } claimed)
        {
            if (evt.Partner is { } inEvent && inEvent != claimed)
            {
                return IngestResult.Fail(DeadLetterReason.PartnerMismatch, "cyberagg-partner header differs from observer.partner", format, claimed);
            }

            evt.Partner = claimed;
        }

        if (evt.Partner is null)
        {
            return IngestResult.Fail(DeadLetterReason.MissingPartner, null, format);
        }

        if (evt.Country is null)
        {
            return IngestResult.Fail(DeadLetterReason.MissingCountry, null, format, evt.Partner);
        }

        evt.Trusted = false;
        output.Add(evt);
        return new IngestResult(DeadLetterReason.None, null, format, false, evt.Partner, null, 1);
    }
}

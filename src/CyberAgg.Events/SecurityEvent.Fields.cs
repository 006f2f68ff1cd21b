using System.Globalization;

namespace CyberAgg.Events;

/// <summary>Generic access by dotted field name, used by parsers, rules and storage.</summary>
public sealed partial class SecurityEvent
{
    /// <summary>
    /// Reads any field by name: a core field (<c>source.ip</c>), a label (<c>labels.sector</c>) or an attribute
    /// (<c>Image</c>). Numbers and the timestamp come back formatted as text.
    /// </summary>
    public bool TryGetField(string dottedName, out string? value)
    {
        ArgumentNullException.ThrowIfNull(dottedName);
        if (EcsFieldNames.TryGetField(dottedName, out var field))
        {
            value = GetCoreText(field);
            return value is not null;
        }

        if (dottedName.StartsWith(EcsFieldNames.LabelsPrefix, StringComparison.Ordinal))
        {
            if (_labels is not null && _labels.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(dottedName.AsSpan(EcsFieldNames.LabelsPrefix.Length), out var label))
            {
                value = label;
                return true;
            }
        }

        if (_attributes is not null && _attributes.TryGetValue(dottedName, out var attribute))
        {
            value = attribute;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Writes any field by name: core fields are parsed into their type, <c>labels.x</c> becomes a label, anything else an
    /// attribute. Returns false, storing nothing, when a typed core field gets a value of the wrong shape.
    /// </summary>
    public bool TrySetField(string dottedName, string value)
    {
        ArgumentNullException.ThrowIfNull(dottedName);
        ArgumentNullException.ThrowIfNull(value);
        if (EcsFieldNames.TryGetField(dottedName, out var field))
        {
            return TrySetCore(field, value);
        }

        if (dottedName.Length > EcsFieldNames.LabelsPrefix.Length && dottedName.StartsWith(EcsFieldNames.LabelsPrefix, StringComparison.Ordinal))
        {
            Labels[dottedName[EcsFieldNames.LabelsPrefix.Length..]] = value;
            return true;
        }

        Attributes[dottedName] = value;
        return true;
    }

    /// <summary>Parses <paramref name="value"/> into the typed core field; false when it does not fit the type.</summary>
    public bool TrySetCore(EcsField field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (field)
        {
            case EcsField.Timestamp:
                if (!EventTimestamps.TryParse(value, out var ts))
                {
                    return false;
                }

                Timestamp = ts;
                return true;
            case EcsField.Tlp:
                if (!TlpNames.TryParse(value, out var tlp))
                {
                    return false;
                }

                Tlp = tlp;
                return true;
            case EcsField.EventSeverity:
                if (!TryParseBounded(value, 0, 10, out var severity))
                {
                    return false;
                }

                Severity = severity;
                return true;
            case EcsField.SourcePort:
                if (!TryParseBounded(value, 0, 65535, out var sport))
                {
                    return false;
                }

                SourcePort = sport;
                return true;
            case EcsField.DestinationPort:
                if (!TryParseBounded(value, 0, 65535, out var dport))
                {
                    return false;
                }

                DestinationPort = dport;
                return true;
            case EcsField.ObserverCountry:
                // ISO 3166-1 alpha-2: cross-border rules count distinct countries, so "ee" and "EE" must be one value.
                if (value.Length != 2 || !char.IsAsciiLetter(value[0]) || !char.IsAsciiLetter(value[1]))
                {
                    return false;
                }

                Country = value.ToUpperInvariant();
                return true;
            default:
                if (!EcsFieldNames.IsString(field))
                {
                    return false;
                }

                Set(field, value);
                return true;
        }
    }

    /// <summary>A core field's value as text, or null when it is absent.</summary>
    public string? GetCoreText(EcsField field) => field switch
    {
        EcsField.Timestamp => EventTimestamps.Format(Timestamp),
        EcsField.Tlp => Tlp.ToName(),
        EcsField.EventSeverity => Severity?.ToString(CultureInfo.InvariantCulture),
        EcsField.SourcePort => SourcePort?.ToString(CultureInfo.InvariantCulture),
        EcsField.DestinationPort => DestinationPort?.ToString(CultureInfo.InvariantCulture),
        _ => EcsFieldNames.IsString(field) ? Get(field) : null,
    };

    private static bool TryParseBounded(string text, int min, int max, out int value)
    {
        // Producers send "443", 443 or 443.0; the fraction form is accepted only when it is integral.
        if (int.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value)
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue && (value = (int)d) == d))
        {
            return value >= min && value <= max;
        }

        return false;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Policy;

namespace CyberAgg.Api.Stix;

/// <summary>
/// Writes an alert view as a STIX 2.1 bundle: the TLP 2.0 marking definition, the producer and partner identities,
/// an indicator for the grouped indicator and a sighting of it by the partners, all marked with the alert's TLP.
/// </summary>
internal static class StixBundleWriter
{
    /// <summary>OASIS TLP 2.0 property extension (cti-stix-common-objects); ids and created are fixed by that publication.</summary>
    public const string Tlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private const string Tlp2Created = "2022-10-01T00:00:00.000Z";
    private static readonly Guid Namespace = new("5f0c8a52-3b0e-4c59-9a55-2f3b1c9e7d41");

    public static string MarkingId(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp.Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp.Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp.AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        _ => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    };

    public static byte[] Write(Alert alert, SharingPolicy policy, DateTimeOffset now)
    {
        var tlp = TlpNames.ParseOrRed(alert.Tlp);
        var marking = MarkingId(tlp);
        var created = Stamp(alert.RaisedAt);
        var producer = "identity--" + Uuid("producer:cyberagg");
        var indicator = "indicator--" + Uuid("indicator:" + alert.AlertId);
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps STIX patterns readable ('\'' not \u0027); the body is JSON, never embedded in HTML.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("type", "bundle");
            w.WriteString("id", "bundle--" + Uuid($"bundle:{alert.AlertId}:{now.ToUnixTimeMilliseconds()}"));
            w.WriteStartArray("objects");

            w.WriteStartObject();
            w.WriteString("type", "marking-definition");
            w.WriteString("spec_version", "2.1");
            w.WriteString("id", marking);
            w.WriteString("created", Tlp2Created);
            w.WriteString("name", "TLP:" + tlp.ToName());
            w.WriteStartObject("extensions");
            w.WriteStartObject(Tlp2Extension);
            w.WriteString("extension_type", "property-extension");
            w.WriteString("tlp_2_0", tlp.ToName().ToLowerInvariant());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            Identity(w, producer, "CyberAgg", "system", created, marking);
            var sightedBy = new List<string>();
            foreach (var partner in alert.Partners)
            {
                var id = "identity--" + Uuid("partner:" + partner);
                sightedBy.Add(id);
                var definition = policy.Partners.FirstOrDefault(p => p.Id == partner);
                Identity(w, id, definition?.DisplayName ?? partner, "organization", created, marking);
            }

            w.WriteStartObject();
            Common(w, "indicator", indicator, created, producer, marking);
            w.WriteString("name", alert.RuleTitle);
            w.WriteString("description", $"{alert.Kind} alert {alert.AlertId}: rule {alert.RuleId}, level {alert.Level}, countries {string.Join(", ", alert.Countries)}.");
            w.WriteStartArray("indicator_types");
            w.WriteStringValue("malicious-activity");
            w.WriteEndArray();
            w.WriteString("pattern", StixPattern.For(alert));
            w.WriteString("pattern_type", "stix");
            w.WriteString("valid_from", Stamp(alert.FirstSeen));
            w.WriteEndObject();

            w.WriteStartObject();
            Common(w, "sighting", "sighting--" + Uuid("sighting:" + alert.AlertId), created, producer, marking);
            w.WriteString("sighting_of_ref", indicator);
            w.WriteString("first_seen", Stamp(alert.FirstSeen));
            w.WriteString("last_seen", Stamp(alert.LastSeen < alert.FirstSeen ? alert.FirstSeen : alert.LastSeen));
            w.WriteNumber("count", Math.Clamp(alert.EventCount, 0, 999_999_999));
            if (sightedBy.Count > 0)
            {
                w.WriteStartArray("where_sighted_refs");
                sightedBy.ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Identity(Utf8JsonWriter w, string id, string name, string identityClass, string created, string marking)
    {
        w.WriteStartObject();
        w.WriteString("type", "identity");
        w.WriteString("spec_version", "2.1");
        w.WriteString("id", id);
        w.WriteString("created", created);
        w.WriteString("modified", created);
        w.WriteString("name", name);
        w.WriteString("identity_class", identityClass);
        w.WriteStartArray("object_marking_refs");
        w.WriteStringValue(marking);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Common(Utf8JsonWriter w, string type, string id, string created, string producer, string marking)
    {
        w.WriteString("type", type);
        w.WriteString("spec_version", "2.1");
        w.WriteString("id", id);
        w.WriteString("created", created);
        w.WriteString("modified", created);
        w.WriteString("created_by_ref", producer);
        w.WriteStartArray("object_marking_refs");
        w.WriteStringValue(marking);
        w.WriteEndArray();
    }

    /// <summary>RFC 3339 in UTC with millisecond precision, as STIX requires.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A UUID in version-4 form whose random bits come from SHA-256 of a name, so exporting the same alert twice gives
    /// the same ids while validators that expect UUIDv4 for SDOs (STIX 2.1 §2.9) accept them.
    /// </summary>
    public static string Uuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Namespace.ToString("N") + ":" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}

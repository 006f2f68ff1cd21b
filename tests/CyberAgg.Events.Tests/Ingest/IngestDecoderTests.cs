using System.Text;
using CsCheck;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Tests.Wire;

namespace CyberAgg.Events.Tests.Ingest;

public class IngestDecoderTests
{
    private static readonly IngestKey EeOld = new("ee-cert", "2024", "ee-old-secret-0123456789abcdef"u8, "EE");
    private static readonly IngestKey EeNew = new("ee-cert", "2025", "ee-new-secret-0123456789abcdef"u8, "EE");
    private static readonly IngestKey Lv = new("lv-cert", "2025", "lv-secret-0123456789abcdef0123"u8, "LV");
    private static readonly IngestHeaders BatchHeaders = new(ContentTypes.Batch, SchemaVersions.EventsV1, null, null);
    private static readonly IngestHeaders JsonHeaders = new(ContentTypes.Json, null, null, null);

    private const string Json = """{"@timestamp":"2024-05-01T12:00:00Z","observer":{"partner":"ee-cert","country":"EE","name":"ids1"},"source.ip":"203.0.113.9"}""";

    private static IngestDecoder Decoder(IngestTrust trust, params IngestKey[] keys) =>
        new(new IngestKeyRing(keys), new IngestDecoderOptions { Trust = trust });

    private static byte[] Batch(IngestKey key, string country, params SecurityEvent[] events) =>
        BatchRoundTripTests.Encode(events, key, country);

    [Fact]
    public void Decode_SignedBatchKnownKey_TrustedEvents()
    {
        var output = new List<SecurityEvent>();

        var result = Decoder(IngestTrust.Signed, EeNew).Decode(Batch(EeNew, "EE", new SecurityEvent { Message = "m" }), BatchHeaders, output);

        result.Success.ShouldBeTrue(result.Detail);
        result.Trusted.ShouldBeTrue();
        result.Partner.ShouldBe("ee-cert");
        result.KeyId.ShouldBe("2025");
        result.EventCount.ShouldBe(1);
        output.Single().Trusted.ShouldBeTrue();
        output.Single().Partner.ShouldBe("ee-cert");
        output.Single().Country.ShouldBe("EE");
        output.Single().ObserverName.ShouldBe("fw1");
        output.Single().EventId.ShouldNotBeNull();
    }

    [Fact]
    public void Decode_KeyRotation_BothKeysValidUntilOldRemoved()
    {
        var ring = new IngestKeyRing([EeOld, EeNew]);
        var decoder = new IngestDecoder(ring);
        var oldBatch = Batch(EeOld, "EE", new SecurityEvent());
        var newBatch = Batch(EeNew, "EE", new SecurityEvent());

        decoder.Decode(oldBatch, BatchHeaders, []).Success.ShouldBeTrue();
        decoder.Decode(newBatch, BatchHeaders, []).Success.ShouldBeTrue();

        ring.Remove("ee-cert", "2024").ShouldBeTrue();
        decoder.Decode(oldBatch, BatchHeaders, []).Reason.ShouldBe(DeadLetterReason.UnknownKey);
        decoder.Decode(newBatch, BatchHeaders, []).Success.ShouldBeTrue();
    }

    [Fact]
    public void Decode_SignedWithOtherPartnersSecret_BadSignature()
    {
        // A batch claiming ee-cert with key id 2025 but signed with lv-cert's secret.
        var forged = new IngestKey("ee-cert", "2025", "lv-secret-0123456789abcdef0123"u8);

        var result = Decoder(IngestTrust.Open, EeNew).Decode(Batch(forged, "EE", new SecurityEvent()), BatchHeaders, []);

        result.Reason.ShouldBe(DeadLetterReason.BadSignature);
    }

    [Fact]
    public void Decode_EventClaimingOtherPartner_PartnerMismatchNothingAppended()
    {
        var output = new List<SecurityEvent>();
        var batch = Batch(EeNew, "EE", new SecurityEvent(), new SecurityEvent { Partner = "lv-cert" });

        var result = Decoder(IngestTrust.Signed, EeNew).Decode(batch, BatchHeaders, output);

        result.Reason.ShouldBe(DeadLetterReason.PartnerMismatch);
        output.ShouldBeEmpty();
    }

    [Fact]
    public void Decode_EventClaimingOtherCountry_CountryMismatch()
    {
        var batch = Batch(EeNew, "EE", new SecurityEvent { Country = "LV" });

        Decoder(IngestTrust.Signed, EeNew).Decode(batch, BatchHeaders, []).Reason.ShouldBe(DeadLetterReason.CountryMismatch);
    }

    [Fact]
    public void Decode_HeaderCountryNotTheKeys_CountryMismatch()
    {
        Decoder(IngestTrust.Signed, EeNew).Decode(Batch(EeNew, "LV", new SecurityEvent()), BatchHeaders, []).Reason.ShouldBe(DeadLetterReason.CountryMismatch);
    }

    [Fact]
    public void Decode_PartnerHeaderDiffersFromBatch_PartnerMismatch()
    {
        var headers = BatchHeaders with { Partner = "lv-cert" };

        Decoder(IngestTrust.Signed, EeNew, Lv).Decode(Batch(EeNew, "EE", new SecurityEvent()), headers, []).Reason.ShouldBe(DeadLetterReason.PartnerMismatch);
    }

    [Fact]
    public void Decode_UnknownKeySignedMode_UnknownKey()
    {
        Decoder(IngestTrust.Signed, Lv).Decode(Batch(EeNew, "EE", new SecurityEvent()), BatchHeaders, []).Reason.ShouldBe(DeadLetterReason.UnknownKey);
    }

    [Fact]
    public void Decode_UnknownKeyOpenMode_AcceptedUntrusted()
    {
        var output = new List<SecurityEvent>();

        var result = Decoder(IngestTrust.Open).Decode(Batch(EeNew, "EE", new SecurityEvent()), BatchHeaders, output);

        result.Success.ShouldBeTrue();
        result.Trusted.ShouldBeFalse();
        output.Single().Trusted.ShouldBeFalse();
    }

    [Fact]
    public void Decode_JsonSignedMode_Unsigned()
    {
        Decoder(IngestTrust.Signed, EeNew).Decode(Encoding.UTF8.GetBytes(Json), JsonHeaders, []).Reason.ShouldBe(DeadLetterReason.Unsigned);
    }

    [Fact]
    public void Decode_JsonOpenMode_AcceptedUntrusted()
    {
        var output = new List<SecurityEvent>();

        var result = Decoder(IngestTrust.Open).Decode(Encoding.UTF8.GetBytes(Json), JsonHeaders, output);

        result.Success.ShouldBeTrue();
        result.Format.ShouldBe(MessageFormat.Json);
        result.Trusted.ShouldBeFalse();
        output.Single().SourceIp.ShouldBe("203.0.113.9");
        output.Single().Trusted.ShouldBeFalse();
    }

    [Fact]
    public void Decode_JsonWithoutPartner_TakesHeaderPartnerElseMissingPartner()
    {
        var json = Encoding.UTF8.GetBytes("""{"@timestamp":1,"observer.country":"FI"}""");
        var decoder = Decoder(IngestTrust.Open);
        var output = new List<SecurityEvent>();

        decoder.Decode(json, JsonHeaders, []).Reason.ShouldBe(DeadLetterReason.MissingPartner);
        decoder.Decode(json, JsonHeaders with { Partner = "fi-cert" }, output).Success.ShouldBeTrue();
        output.Single().Partner.ShouldBe("fi-cert");
        decoder.Decode(Encoding.UTF8.GetBytes("""{"@timestamp":1,"observer.partner":"fi-cert"}"""), JsonHeaders, []).Reason.ShouldBe(DeadLetterReason.MissingCountry);
    }

    [Fact]
    public void Decode_JsonPartnerDiffersFromHeader_PartnerMismatch()
    {
        Decoder(IngestTrust.Open).Decode(Encoding.UTF8.GetBytes(Json), JsonHeaders with { Partner = "lv-cert" }, []).Reason.ShouldBe(DeadLetterReason.PartnerMismatch);
    }

    [Fact]
    public void Decode_NoContentType_SniffsFormat()
    {
        var decoder = Decoder(IngestTrust.Open, EeNew);

        decoder.Decode(Batch(EeNew, "EE", new SecurityEvent()), default, []).Format.ShouldBe(MessageFormat.Batch);
        decoder.Decode(Encoding.UTF8.GetBytes(Json), default, []).Format.ShouldBe(MessageFormat.Json);
    }

    [Fact]
    public void Decode_JsonWithCharsetParameter_Accepted()
    {
        var headers = new IngestHeaders("application/json; charset=utf-8", null, null, null);

        Decoder(IngestTrust.Open).Decode(Encoding.UTF8.GetBytes(Json), headers, []).Success.ShouldBeTrue();
    }

    [Fact]
    public void Decode_UnknownContentTypeOrSchema_Rejected()
    {
        var decoder = Decoder(IngestTrust.Open);

        decoder.Decode("x"u8, new IngestHeaders("text/plain", null, null, null), []).Reason.ShouldBe(DeadLetterReason.UnsupportedContentType);
        decoder.Decode(Encoding.UTF8.GetBytes(Json), JsonHeaders with { Schema = "cyberagg.events.v9" }, []).Reason.ShouldBe(DeadLetterReason.UnsupportedVersion);
    }

    [Fact]
    public void Decode_RandomBytesAnyMode_NeverThrowsNeverSucceedsSigned()
    {
        var signed = Decoder(IngestTrust.Signed, EeNew);
        var open = Decoder(IngestTrust.Open, EeNew);
        Gen.Byte.Array[0, 256].Sample(bytes =>
        {
            signed.Decode(bytes, default, []).Success.ShouldBeFalse();
            _ = open.Decode(bytes, default, []);
        });
    }

    [Fact]
    public void With_KnownHeaders_Parsed()
    {
        var headers = default(IngestHeaders)
            .With(KafkaHeaderNames.ContentType, "application/vnd.cyberagg.batch.v1"u8)
            .With(KafkaHeaderNames.Schema, "cyberagg.events.v1"u8)
            .With(KafkaHeaderNames.Partner, "ee-cert"u8)
            .With(KafkaHeaderNames.TraceParent, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8)
            .With("x-other", "ignored"u8);

        headers.ContentType.ShouldBeSameAs(ContentTypes.Batch);
        headers.Schema.ShouldBe(SchemaVersions.EventsV1);
        headers.Partner.ShouldBe("ee-cert");
        headers.TraceParent.ShouldStartWith("00-");
    }

    [Fact]
    public void ToString_IngestKey_DoesNotLeakSecret()
    {
        EeNew.ToString().ShouldNotContain("secret");
    }
}

namespace CyberAgg.Events.Wire;

/// <summary>The parsed header of a batch: who claims to have sent it, with which key, and where the body lies.</summary>
public readonly record struct BatchHeader(
    string KeyId,
    string Partner,
    string Country,
    string Sensor,
    long CreatedUnixMilliseconds,
    int EventCount,
    int HeaderLength,
    int BodyLength)
{
    /// <summary>Bytes covered by the HMAC: header and body.</summary>
    public int SignedLength => HeaderLength + BodyLength;
}

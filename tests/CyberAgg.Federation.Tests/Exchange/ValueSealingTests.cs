using CsCheck;
using CyberAgg.Federation.Exchange;

namespace CyberAgg.Federation.Tests.Exchange;

public sealed class ValueSealingTests
{
    [Fact]
    public void Open_WithTheRequestKey_ReturnsAnyValue()
    {
        Gen.String[0, 300].Sample(value =>
        {
            var (requester, requesterPublic) = ValueSealing.NewKey();
            var (owner, ownerPublic) = ValueSealing.NewKey();
            using (requester)
            using (owner)
            {
                var (nonce, sealedValue) = ValueSealing.Seal(owner, requesterPublic, "id1", "lv-node", "ee-node", "tok", value);
                return ValueSealing.Open(requester, ownerPublic, "id1", "lv-node", "ee-node", "tok", nonce, sealedValue) == value;
            }
        }, iter: 50);
    }

    [Fact]
    public void Open_OtherKeyOrOtherBindingOrTampered_ReturnsNull()
    {
        var (requester, requesterPublic) = ValueSealing.NewKey();
        var (owner, ownerPublic) = ValueSealing.NewKey();
        var (stranger, _) = ValueSealing.NewKey();
        using (requester)
        using (owner)
        using (stranger)
        {
            var (nonce, sealedValue) = ValueSealing.Seal(owner, requesterPublic, "id1", "lv-node", "ee-node", "tok", "203.0.113.66");
            ValueSealing.Open(stranger, ownerPublic, "id1", "lv-node", "ee-node", "tok", nonce, sealedValue).ShouldBeNull("another key");
            ValueSealing.Open(requester, ownerPublic, "id2", "lv-node", "ee-node", "tok", nonce, sealedValue).ShouldBeNull("another request");
            ValueSealing.Open(requester, ownerPublic, "id1", "lt-node", "ee-node", "tok", nonce, sealedValue).ShouldBeNull("another requester");
            var bytes = Convert.FromBase64String(sealedValue);
            bytes[0] ^= 1;
            ValueSealing.Open(requester, ownerPublic, "id1", "lv-node", "ee-node", "tok", nonce, Convert.ToBase64String(bytes)).ShouldBeNull("tampered");
            ValueSealing.Open(requester, ownerPublic, "id1", "lv-node", "ee-node", "tok", "not base64!", sealedValue).ShouldBeNull("garbage");
            ValueSealing.Open(requester, ownerPublic, "id1", "lv-node", "ee-node", "tok", nonce, sealedValue).ShouldBe("203.0.113.66");
        }
    }
}

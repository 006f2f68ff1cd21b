namespace CyberAgg.Events.Tests;

public class EventIdsTests
{
    [Fact]
    public void FromRaw_SameInput_SameId()
    {
        var a = EventIds.FromRaw("ee-cert", "fw1", "line"u8);
        var b = EventIds.FromRaw("ee-cert", "fw1", "line"u8);

        a.ShouldBe(b);
        a.Length.ShouldBe(EventIds.Length);
    }

    [Fact]
    public void FromRaw_OtherPartner_OtherId()
    {
        EventIds.FromRaw("ee-cert", "fw1", "line"u8).ShouldNotBe(EventIds.FromRaw("lv-cert", "fw1", "line"u8));
    }

    [Fact]
    public void FromRaw_PartsShiftedBetweenFields_OtherId()
    {
        EventIds.FromRaw("ab", "c", "x"u8).ShouldNotBe(EventIds.FromRaw("a", "bc", "x"u8));
    }

    [Fact]
    public void FromContent_AttributeInsertionOrder_SameId()
    {
        var a = new SecurityEvent { Partner = "ee-cert" };
        a.Attributes["x"] = "1";
        a.Attributes["y"] = "2";
        var b = new SecurityEvent { Partner = "ee-cert" };
        b.Attributes["y"] = "2";
        b.Attributes["x"] = "1";

        EventIds.FromContent(a).ShouldBe(EventIds.FromContent(b));
    }

    [Fact]
    public void FromContent_IgnoresExistingId_ChangesWithContent()
    {
        var a = new SecurityEvent { Partner = "ee-cert", Message = "m" };
        var idBefore = EventIds.FromContent(a);
        a.EventId = "given";
        EventIds.FromContent(a).ShouldBe(idBefore);

        a.Message = "other";
        EventIds.FromContent(a).ShouldNotBe(idBefore);
    }
}

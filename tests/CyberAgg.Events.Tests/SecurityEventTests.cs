namespace CyberAgg.Events.Tests;

public class SecurityEventTests
{
    [Fact]
    public void TrySetField_CoreLabelAndAttribute_TryGetFieldFindsEach()
    {
        var evt = new SecurityEvent();

        evt.TrySetField("source.ip", "203.0.113.7").ShouldBeTrue();
        evt.TrySetField("destination.port", "443").ShouldBeTrue();
        evt.TrySetField("labels.sector", "energy").ShouldBeTrue();
        evt.TrySetField("Image", @"C:\Windows\System32\cmd.exe").ShouldBeTrue();

        evt.SourceIp.ShouldBe("203.0.113.7");
        evt.DestinationPort.ShouldBe(443);
        evt.Labels["sector"].ShouldBe("energy");
        evt.TryGetField("destination.port", out var port).ShouldBeTrue();
        port.ShouldBe("443");
        evt.TryGetField("labels.sector", out var sector).ShouldBeTrue();
        sector.ShouldBe("energy");
        evt.TryGetField("Image", out var image).ShouldBeTrue();
        image.ShouldBe(@"C:\Windows\System32\cmd.exe");
        evt.TryGetField("CommandLine", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("source.port", "70000")]
    [InlineData("source.port", "http")]
    [InlineData("event.severity", "11")]
    [InlineData("tlp", "PURPLE")]
    [InlineData("observer.country", "EST")]
    [InlineData("@timestamp", "yesterday")]
    public void TrySetField_WrongShapeForTypedField_ReturnsFalse(string name, string value)
    {
        var evt = new SecurityEvent();

        evt.TrySetField(name, value).ShouldBeFalse();

        evt.AttributeCount.ShouldBe(0);
    }

    [Fact]
    public void Tlp_Default_IsAmber()
    {
        new SecurityEvent().Tlp.ShouldBe(Tlp.Amber);
    }

    [Fact]
    public void TrySetField_LowercaseCountry_StoredUppercase()
    {
        var evt = new SecurityEvent();

        evt.TrySetField("observer.country", "ee").ShouldBeTrue();

        evt.Country.ShouldBe("EE");
    }

    [Fact]
    public void TrySetField_TimestampWithOffset_StoredAsUtc()
    {
        var evt = new SecurityEvent();

        evt.TrySetField("@timestamp", "2024-05-01T14:00:00+02:00").ShouldBeTrue();

        evt.Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        evt.Timestamp.Offset.ShouldBe(TimeSpan.Zero);
        evt.TryGetField("@timestamp", out var text).ShouldBeTrue();
        text.ShouldBe("2024-05-01T12:00:00.0000000Z");
    }

    [Fact]
    public void TrySetField_EpochMillis_ParsesTimestamp()
    {
        var evt = new SecurityEvent();

        evt.TrySetField("@timestamp", "1714564800000").ShouldBeTrue();

        evt.Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
    }
}

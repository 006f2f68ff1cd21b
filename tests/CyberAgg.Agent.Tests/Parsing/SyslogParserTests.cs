using CyberAgg.Agent.Parsing;
using CyberAgg.Events;

namespace CyberAgg.Agent.Tests.Parsing;

public class SyslogParserTests
{
    private static readonly DateTimeOffset Received = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static SyslogMessage Parse(string text)
    {
        SyslogParser.TryParse(text, Received, out var message, out var failure).ShouldBeTrue(failure.Detail);
        return message!;
    }

    [Fact]
    public void TryParse_Rfc5424WithStructuredDataAndBom_AllPartsParsed()
    {
        var message = Parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\" eventID=\"1011\"][meta x=\"a\\]b\\\\c\"] \uFEFFAn application event");

        message.IsRfc5424.ShouldBeTrue();
        message.Facility.ShouldBe(20);
        message.Severity.ShouldBe(5);
        message.Timestamp.ShouldBe(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero));
        message.Hostname.ShouldBe("mymachine.example.com");
        message.AppName.ShouldBe("evntslog");
        message.ProcId.ShouldBeNull();
        message.MsgId.ShouldBe("ID47");
        message.StructuredData.ShouldContain(new KeyValuePair<string, string>("exampleSDID@32473.eventSource", "Appli\"cation"));
        message.StructuredData.ShouldContain(new KeyValuePair<string, string>("meta.x", "a]b\\c"));
        message.Message.ShouldBe("An application event");
    }

    [Fact]
    public void TryParse_Rfc5424AllNil_Parses()
    {
        var message = Parse("<14>1 - - - - - -");

        message.Timestamp.ShouldBeNull();
        message.Hostname.ShouldBeNull();
        message.Message.ShouldBe("");
    }

    [Fact]
    public void TryParse_Rfc3164WithHostname_Parses()
    {
        var message = Parse("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8");

        message.IsRfc5424.ShouldBeFalse();
        message.Facility.ShouldBe(4);
        message.Severity.ShouldBe(2);
        message.Timestamp.ShouldBe(new DateTimeOffset(2023, 10, 11, 22, 14, 15, TimeSpan.Zero));
        message.Hostname.ShouldBe("mymachine");
        message.AppName.ShouldBe("su");
        message.ProcId.ShouldBe("123");
        message.Message.ShouldBe("'su root' failed for lonvick on /dev/pts/8");
    }

    [Fact]
    public void TryParse_Rfc3164WithoutHostname_TagIsApp()
    {
        var message = Parse("<13>Apr  3 08:00:01 sshd: Accepted password");

        message.Hostname.ShouldBeNull();
        message.AppName.ShouldBe("sshd");
        message.Timestamp.ShouldBe(new DateTimeOffset(2024, 4, 3, 8, 0, 1, TimeSpan.Zero));
        message.Message.ShouldBe("Accepted password");
    }

    [Fact]
    public void TryParse_Rfc3164WithYear_UsesYear()
    {
        var message = Parse("<13>Dec 31 2019 23:59:59 fw01 %ASA-6-302013: Built outbound TCP connection");

        message.Timestamp.ShouldBe(new DateTimeOffset(2019, 12, 31, 23, 59, 59, TimeSpan.Zero));
        message.Hostname.ShouldBe("fw01");
        message.AppName.ShouldBe("%ASA-6-302013");
    }

    [Fact]
    public void TryParse_Rfc3164NoTimestamp_MessageKept()
    {
        var message = Parse("<13>just some text");

        message.Timestamp.ShouldBeNull();
        message.Message.ShouldBe("just some text");
    }

    [Theory]
    [InlineData("no pri")]
    [InlineData("<>1 - - - - - -")]
    [InlineData("<192>1 - - - - - -")]
    [InlineData("<013>1 - - - - - -")]
    [InlineData("<13")]
    [InlineData("<13>1 -")]
    [InlineData("<13>1 notatime h a p m -")]
    [InlineData("<13>1 - h a p m [unterminated x=\"1\"")]
    [InlineData("<13>1 - h a p m [id x=\"1]")]
    [InlineData("<13>1 - h a p m [id x=1]")]
    [InlineData("<13>1 - h a p m [id x=\"1\"]trailing")]
    [InlineData("<13>1 - h a p m [id x=\"\\")]
    [InlineData("<13>1 - h a p m nosd")]
    public void TryParse_Malformed_MalformedSyslog(string text)
    {
        SyslogParser.TryParse(text, Received, out _, out var failure).ShouldBeFalse();

        failure.Reason.ShouldBe(DeadLetterReason.MalformedSyslog);
    }
}

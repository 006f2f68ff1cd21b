using CsCheck;
using CyberAgg.Agent.Parsing;
using CyberAgg.Events;

namespace CyberAgg.Agent.Tests.Parsing;

public class CefParserTests
{
    private static CefMessage Parse(string text)
    {
        CefParser.TryParse(text, out var message, out var failure).ShouldBeTrue(failure.Detail);
        return message!;
    }

    private static string Ext(CefMessage message, string key) => message.Extensions.Single(p => p.Key == key).Value;

    [Fact]
    public void TryParse_HeaderEscapes_Unescaped()
    {
        var message = Parse(@"CEF:0|Sec\|urity|threat\\manager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232");

        message.Version.ShouldBe("0");
        message.DeviceVendor.ShouldBe("Sec|urity");
        message.DeviceProduct.ShouldBe(@"threat\manager");
        message.Name.ShouldBe("worm successfully stopped");
        message.Severity.ShouldBe("10");
        Ext(message, "src").ShouldBe("10.0.0.1");
        Ext(message, "spt").ShouldBe("1232");
    }

    [Fact]
    public void TryParse_ExtensionEscapesAndSpaces_Unescaped()
    {
        var message = Parse(@"CEF:0|V|P|1|sig|name|5|msg=a\=b c\\d\nline2 request=http://x.example/?a=b&c=d act=blocked now cs1Label=Rule Name");

        Ext(message, "msg").ShouldBe("a=b c\\d\nline2");
        Ext(message, "request").ShouldBe("http://x.example/?a=b&c=d");
        Ext(message, "act").ShouldBe("blocked now");
        Ext(message, "cs1Label").ShouldBe("Rule Name");
    }

    [Fact]
    public void TryParse_HostileBackslashes_KeptLiterally()
    {
        var message = Parse(@"CEF:0|V|P|1|sig|name\|5|x|msg=end\ \q\");

        message.Name.ShouldBe("name|5");
        message.Severity.ShouldBe("x");
        Ext(message, "msg").ShouldBe(@"end\ \q\");
    }

    [Theory]
    [InlineData("CEF:0|V|P|1|sig|name")]
    [InlineData("CEF:0|V|P|1|sig|name|5")]
    [InlineData(@"CEF:0|V|P|1|sig|name\|5|")]
    [InlineData("CEF:0|V|P|1|sig|name|5|novalue")]
    [InlineData("CEF:0|V|P|1|sig|name|5|=x")]
    [InlineData("CEF:0|V|P|1|sig|name|5|bad key=x")]
    [InlineData("LEEF:1.0|V|P|1|x|")]
    public void TryParse_Malformed_MalformedCef(string text)
    {
        CefParser.TryParse(text, out _, out var failure).ShouldBeFalse();

        failure.Reason.ShouldBe(DeadLetterReason.MalformedCef);
    }

    [Fact]
    public void TryParse_EscapedValues_RoundTrip()
    {
        var value = Gen.String[Gen.OneOfConst('a', 'b', ' ', '=', '\\', '|', '\n', 'é', '?', '&'), 1, 30]
            .Where(v => v.Trim(' ') == v);
        Gen.Select(value, value).Sample((v1, v2) =>
        {
            var text = $"CEF:0|V|P|1|s|n|3|k1={Escape(v1)} k2={Escape(v2)}";

            var message = Parse(text);

            Ext(message, "k1").ShouldBe(v1);
            Ext(message, "k2").ShouldBe(v2);
        });
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        var chars = Gen.OneOfConst('C', 'E', 'F', ':', '0', '|', '\\', '=', ' ', 'k', 'v', 'n');
        Gen.String[chars, 0, 80].Sample(text =>
        {
            try
            {
                _ = CefParser.TryParse("CEF:" + text, out _, out _);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException("input: " + text + " | " + ex, ex);
            }
        });
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("=", "\\=").Replace("\n", "\\n");
}

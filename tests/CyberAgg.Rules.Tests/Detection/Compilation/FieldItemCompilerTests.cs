using System.Text;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Detection.Compilation;

public sealed class FieldItemCompilerTests
{
    [Theory]
    [InlineData("Image: 'C:\\Windows\\cmd.exe'", "c:\\windows\\CMD.EXE", true)]
    [InlineData("Image: 'cmd.exe'", "xcmd.exe", false)]
    [InlineData("Image|contains: 'powershell'", "C:\\x\\PowerShell.exe", true)]
    [InlineData("Image|startswith: 'C:\\Users\\'", "c:\\users\\bob\\a.exe", true)]
    [InlineData("Image|startswith: 'C:\\Users\\'", "D:\\Users\\bob", false)]
    [InlineData("Image|endswith: '\\rundll32.exe'", "C:\\Windows\\System32\\RUNDLL32.EXE", true)]
    [InlineData("Image|endswith: '\\rundll32.exe'", "C:\\rundll32.exe.bak", false)]
    [InlineData("Image|contains|cased: 'PowerShell'", "powershell", false)]
    [InlineData("Image|contains|cased: 'PowerShell'", "x PowerShell y", true)]
    [InlineData("Image|cased: 'CMD'", "cmd", false)]
    [InlineData("Image: ''", "", true)]
    [InlineData("Image: ''", "x", false)]
    public void Compile_StringModifiers_MatchAsSpecified(string item, string value, bool expected)
    {
        Match(item, "Image", value).ShouldBe(expected);
    }

    [Fact]
    public void Compile_ValueList_IsOr()
    {
        var rule = TestRules.Detection("sel:\n  EventID:\n    - 4624\n    - 4625\ncondition: sel");

        rule.MatchesDetection(TestEvents.Of(("EventID", "4625"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("EventID", "4626"))).ShouldBeFalse();
    }

    [Fact]
    public void Compile_AllModifier_RequiresEveryValue()
    {
        var rule = TestRules.Detection("sel:\n  CommandLine|contains|all:\n    - ' -a'\n    - ' -b'\ncondition: sel");

        rule.MatchesDetection(TestEvents.Of(("CommandLine", "x -b -a"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("CommandLine", "x -a"))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("x -enc AAA", true)]
    [InlineData("x /enc AAA", true)]
    [InlineData("x \u2013enc AAA", true)]
    [InlineData("x \u2014enc AAA", true)]
    [InlineData("x \u2015enc AAA", true)]
    [InlineData("x +enc AAA", false)]
    public void Compile_Windash_MatchesEveryDashVariant(string commandLine, bool expected)
    {
        Match("CommandLine|windash|contains: ' -enc '", "CommandLine", commandLine).ShouldBe(expected);
    }

    [Fact]
    public void Compile_WindashWithAll_EachValueNeedsOneVariant()
    {
        var rule = TestRules.Detection("sel:\n  CommandLine|windash|contains|all:\n    - ' -a '\n    - ' -b '\ncondition: sel");

        rule.MatchesDetection(TestEvents.Of(("CommandLine", "x /a -b "))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("CommandLine", "x /a /c "))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Value|re: '^ab+c$'", "abbbc", true)]
    [InlineData("Value|re: '^ab+c$'", "ABBC", false)]
    [InlineData("Value|re|i: '^ab+c$'", "ABBC", true)]
    [InlineData("Value|re: 'b.c'", "xxb\ncxx", false)]
    [InlineData("Value|re|s: 'b.c'", "xxb\ncxx", true)]
    [InlineData("Value|re: '^second$'", "first\nsecond", false)]
    [InlineData("Value|re|m: '^second$'", "first\nsecond", true)]
    [InlineData("Value|re: 'evil'", "an evil string", true)]
    [InlineData("Value|re: '(?<=x)y'", "xy", true)]
    public void Compile_Regex_UsesSubModifiers(string item, string value, bool expected)
    {
        Match(item, "Value", value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("203.0.113.9", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("198.51.100.1", false)]
    public void Compile_Cidr_MatchesIpv4AndIpv6Lists(string address, bool expected)
    {
        var rule = TestRules.Detection("sel:\n  source.ip|cidr:\n    - 203.0.113.0/24\n    - 2001:db8::/32\ncondition: sel");

        rule.MatchesDetection(TestEvents.Of(("source.ip", address))).ShouldBe(expected);
    }

    [Fact]
    public void Compile_Base64_MatchesEncodedValue()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("http://"));

        Match("Data|base64: 'http://'", "Data", encoded).ShouldBeTrue();
        Match("Data|base64|contains: 'http://'", "Data", "xx" + encoded + "yy").ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    public void Compile_Base64Offset_MatchesValueAtAnyOffset(string prefix)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "Invoke-Mimikatz" + "trailer"));

        Match("Data|base64offset|contains: 'Invoke-Mimikatz'", "Data", encoded).ShouldBeTrue();
        Match("Data|base64offset|contains: 'Invoke-Mimikatz'", "Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "Invoke-Other"))).ShouldBeFalse();
    }

    [Fact]
    public void Compile_WideBase64Offset_MatchesUtf16Payload()
    {
        var encoded = Convert.ToBase64String(Encoding.Unicode.GetBytes("xx ping yy"));

        Match("Data|wide|base64offset|contains: 'ping'", "Data", encoded).ShouldBeTrue();
    }

    [Theory]
    [InlineData("utf16le", "63006D006400")]
    [InlineData("utf16be", "0063006D0064")]
    [InlineData("utf16", "FFFE63006D006400")]
    public void Compile_Utf16Variants_EncodeBeforeBase64(string modifier, string hexBytes)
    {
        var encoded = Convert.ToBase64String(Convert.FromHexString(hexBytes));

        Match($"Data|{modifier}|base64: 'cmd'", "Data", encoded).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Count|gt: 10", "11", true)]
    [InlineData("Count|gt: 10", "10", false)]
    [InlineData("Count|gte: 10", "10", true)]
    [InlineData("Count|lt: 10", "9.5", true)]
    [InlineData("Count|lte: 10", "10.1", false)]
    [InlineData("Count|gt: 10", "abc", false)]
    [InlineData("Count|neq: 10", "11", true)]
    [InlineData("Count|neq: 10", "10", false)]
    public void Compile_NumericModifiers_CompareNumbers(string item, string value, bool expected)
    {
        Match(item, "Count", value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Time|hour: 3", "2025-11-24T03:15:00Z", true)]
    [InlineData("Time|hour|gte: 22", "2025-11-24T23:00:00Z", true)]
    [InlineData("Time|month: 11", "2025-11-24T03:15:00Z", true)]
    [InlineData("Time|year: 2024", "2025-11-24T03:15:00Z", false)]
    public void Compile_TimeModifiers_CompareDateParts(string item, string value, bool expected)
    {
        Match(item, "Time", value).ShouldBe(expected);
    }

    [Fact]
    public void Compile_Exists_ChecksPresenceOnly()
    {
        var present = TestRules.Detection("sel:\n  Field|exists: true\ncondition: sel");
        var absent = TestRules.Detection("sel:\n  Field|exists: false\ncondition: sel");

        present.MatchesDetection(TestEvents.Of(("Field", null))).ShouldBeTrue();
        present.MatchesDetection(TestEvents.Of(("Other", "x"))).ShouldBeFalse();
        absent.MatchesDetection(TestEvents.Of(("Other", "x"))).ShouldBeTrue();
    }

    [Fact]
    public void Compile_NullValue_MatchesAbsentOrNullField()
    {
        var rule = TestRules.Detection("sel:\n  Field: null\ncondition: sel");

        rule.MatchesDetection(TestEvents.Of(("Other", "x"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("Field", null))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("Field", ""))).ShouldBeFalse();
        rule.MatchesDetection(TestEvents.Of(("Field", "x"))).ShouldBeFalse();
    }

    [Fact]
    public void Compile_FieldReference_ComparesTwoFields()
    {
        var equal = TestRules.Detection("sel:\n  User|fieldref: ParentUser\ncondition: sel");
        var suffix = TestRules.Detection("sel:\n  TargetFilename|endswith|fieldref: Image\ncondition: sel");
        var notEqual = TestRules.Detection("sel:\n  User|fieldref|neq: ParentUser\ncondition: sel");

        equal.MatchesDetection(TestEvents.Of(("User", "BOB"), ("ParentUser", "bob"))).ShouldBeTrue();
        equal.MatchesDetection(TestEvents.Of(("User", "bob"), ("ParentUser", "alice"))).ShouldBeFalse();
        equal.MatchesDetection(TestEvents.Of(("User", "bob"))).ShouldBeFalse();
        suffix.MatchesDetection(TestEvents.Of(("TargetFilename", @"\\?\C:\a.exe"), ("Image", @"C:\a.exe"))).ShouldBeTrue();
        notEqual.MatchesDetection(TestEvents.Of(("User", "bob"), ("ParentUser", "alice"))).ShouldBeTrue();
    }

    [Fact]
    public void Compile_ExpandWithConfiguredPlaceholder_MatchesEachValue()
    {
        var options = new RuleLoadOptions { Placeholders = new Dictionary<string, IReadOnlyList<string>> { ["Admins"] = ["root", "admin*"] } };
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  User|expand: '%Admins%'\ncondition: sel", string.Empty), "t.yml", options);

        var rule = set.DetectionRules.ShouldHaveSingleItem();
        rule.MatchesDetection(TestEvents.Of(("User", "administrator"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("User", "bob"))).ShouldBeFalse();
    }

    [Fact]
    public void Compile_KeywordList_SearchesAllValues()
    {
        var rule = TestRules.Detection("keywords:\n  - 'event::clear'\n  - 'event::drop'\ncondition: keywords");

        rule.MatchesDetection(TestEvents.Of(("message", "mimikatz # EVENT::Clear done"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("CommandLine", "x event::drop"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("message", "event::list"))).ShouldBeFalse();
    }

    [Fact]
    public void Compile_KeywordAllModifier_RequiresEveryKeyword()
    {
        var rule = TestRules.Detection("keywords:\n  '|all':\n    - 'OabVirtualDirectory'\n    - ' -ExternalUrl '\ncondition: keywords");

        rule.MatchesDetection(TestEvents.Of(("message", "Set-OabVirtualDirectory -ExternalUrl http://x"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("message", "Set-OabVirtualDirectory"))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Image|bogus: x", RuleErrorCodes.UnknownModifier, "bogus")]
    [InlineData("Image|re: '(unclosed'", RuleErrorCodes.InvalidRegex, "(unclosed")]
    [InlineData("Image|cidr: 10.0.0.0/99", RuleErrorCodes.InvalidValue, "10.0.0.0/99")]
    [InlineData("Image|gt: ten", RuleErrorCodes.InvalidValue, "ten")]
    [InlineData("Image|contains|startswith: x", RuleErrorCodes.InvalidModifier, "only one of")]
    [InlineData("Image|exists: maybe", RuleErrorCodes.InvalidModifier, "exists")]
    [InlineData("Image|i: x", RuleErrorCodes.InvalidModifier, "after re")]
    [InlineData("Image|wide: x", RuleErrorCodes.InvalidModifier, "base64")]
    [InlineData("Image|expand: '%unknown%'", RuleErrorCodes.UnsupportedFeature, "%unknown%")]
    [InlineData("Image|contains|contains: x", RuleErrorCodes.InvalidModifier, "repeated")]
    public void Compile_InvalidItem_RejectsRuleWithNamedReason(string item, string code, string mentioned)
    {
        var diagnostic = TestRules.Rejected($"sel:\n  {item}\ncondition: sel");

        diagnostic.Code.ShouldBe(code);
        diagnostic.Message.ShouldContain(mentioned);
        diagnostic.Source.ShouldBe("bad.yml");
        diagnostic.RuleId.ShouldBe("00000000-0000-4000-8000-000000000001");
        diagnostic.Message.ShouldContain("selection 'sel'");
    }

    [Fact]
    public void Compile_NullInsideList_IsRejected()
    {
        TestRules.Rejected("sel:\n  Field:\n    - ''\n    - null\ncondition: sel").Code.ShouldBe(RuleErrorCodes.InvalidValue);
    }

    private static bool Match(string item, string field, string value) =>
        TestRules.Detection($"sel:\n  {item}\ncondition: sel").MatchesDetection(TestEvents.Of((field, value)));
}

using CyberAgg.Configuration;
using CyberAgg.Events;
using CyberAgg.Sharing.Configuration;

namespace CyberAgg.Sharing.Tests.Configuration;

public sealed class SharingConfigLoaderTests
{
    private static ConfigurationException Fails(string yaml, IReadOnlyDictionary<string, string>? env = null) =>
        Should.Throw<ConfigurationException>(() => SharingConfigLoader.Parse(yaml, env ?? TestConfig.Environment));

    [Fact]
    public void Parse_ValidFile_ReadsPartnersAgreementsAndKeys()
    {
        var config = SharingConfigLoader.Parse(TestConfig.Yaml(), TestConfig.Environment);

        config.Partners.Select(p => p.Id).ShouldBe(["ee-cert", "lv-cert", "lt-cert"]);
        config.Operators.Single().Id.ShouldBe("soc-ops");
        config.Keys.Select(k => k.Id).ShouldBe(["k2026a", "k2026b"]);
        var all = config.Agreements.Single(a => a.Id == "all-to-lt");
        all.MaxTlp.ShouldBe(Tlp.Green);
        all.IndicatorInClear.ShouldBeFalse();
        config.Agreements[0].Pseudonymise.ShouldBe(PersonalFieldNames.Default);
    }

    [Theory]
    [InlineData("partners[1].country", "country: LV", "country: lv")]
    [InlineData("partners[0].credential", "credential: sha256:", "credential: cyb_plaintoken sha256:")]
    [InlineData("agreements[0].max_tlp", "max_tlp: AMBER\n    key_id: k2026a", "max_tlp: RED\n    key_id: k2026a")]
    [InlineData("agreements[1].max_tlp", "max_tlp: AMBER\n    pseudonymise", "max_tlp: AMBER+STRICT\n    pseudonymise")]
    [InlineData("agreements[0].to", "to: LV", "to: FR")]
    [InlineData("agreements[1].pseudonymise[2]", "internal.ip]", "email]")]
    [InlineData("agreements[0].key_id", "key_id: k2026a\n  - id: lv-to-ee", "key_id: nope\n  - id: lv-to-ee")]
    [InlineData("agreements[2].alert_kinds[0]", "alert_kinds: [cross-border]\n    max_tlp: GREEN", "alert_kinds: [everything]\n    max_tlp: GREEN")]
    [InlineData("partners[0].colour", "display_name: CERT-EE", "display_name: CERT-EE\n    colour: blue")]
    public void Parse_BadValue_ErrorNamesTheKey(string key, string find, string replace)
    {
        var yaml = TestConfig.Yaml().Replace(find, replace, StringComparison.Ordinal);
        yaml.ShouldNotBe(TestConfig.Yaml(), "the test's replacement must change the file");

        Fails(yaml).Key.ShouldBe(key);
    }

    [Fact]
    public void Parse_PlainTokenAsCredential_ErrorDoesNotEchoIt()
    {
        var yaml = TestConfig.Yaml().Replace(CredentialHash.Compute(TestConfig.EeToken).ToString(), TestConfig.EeToken, StringComparison.Ordinal);

        var error = Fails(yaml);

        error.Key.ShouldBe("partners[0].credential");
        error.Message.ShouldNotContain(TestConfig.EeToken);
    }

    [Fact]
    public void Parse_KeyWrittenInline_IsRefused()
    {
        var yaml = TestConfig.Yaml().Replace("${env:KEY_2026A}", "0123456789abcdef0123456789abcdef-inline", StringComparison.Ordinal);

        Fails(yaml).Key.ShouldBe("keys[0].secret");
    }

    [Fact]
    public void Parse_KeyEnvironmentVariableMissing_NamesKeyAndVariable()
    {
        var error = Fails(TestConfig.Yaml(), new Dictionary<string, string> { ["KEY_2026B"] = TestConfig.Environment["KEY_2026B"] });

        error.Key.ShouldBe("keys[0].secret");
        error.Message.ShouldContain("KEY_2026A");
    }

    [Fact]
    public void Parse_ShortKey_IsRefused()
    {
        var env = new Dictionary<string, string>(TestConfig.Environment) { ["KEY_2026A"] = "short" };

        Fails(TestConfig.Yaml(), env).Key.ShouldBe("keys[0].secret");
    }

    [Fact]
    public void Parse_DuplicatePartnerId_IsRefused()
    {
        var yaml = TestConfig.Yaml().Replace("id: lv-cert", "id: ee-cert", StringComparison.Ordinal);

        Fails(yaml).Key.ShouldBe("partners[1].id");
    }

    [Fact]
    public void Parse_SharedCredential_IsRefused()
    {
        var yaml = TestConfig.Yaml().Replace(CredentialHash.Compute(TestConfig.LvToken).ToString(), CredentialHash.Compute(TestConfig.EeToken).ToString(), StringComparison.Ordinal);

        Fails(yaml).Key.ShouldBe("partners[1].credential");
    }

    [Fact]
    public void Parse_AliasBomb_IsRefusedBeforeExpansion()
    {
        const string yaml = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";

        Fails(yaml).Message.ShouldContain("alias");
    }

    [Fact]
    public void Parse_DeepNesting_IsRefusedWithoutStackOverflow()
    {
        var yaml = "partners: " + new string('[', 100_000) + new string(']', 100_000);

        Fails(yaml).Message.ShouldContain("nests deeper");
    }

    [Fact]
    public void Parse_Oversized_IsRefused()
    {
        var yaml = "partners: []\n#" + new string('x', 2 << 20);

        Fails(yaml).Message.ShouldContain("1 MiB");
    }

    [Theory]
    [InlineData("")]
    [InlineData("just a string")]
    [InlineData("partners: {id: x}")]
    [InlineData("partners:\n  - id: [1, 2]")]
    [InlineData("{unclosed: [")]
    [InlineData("partners: []\n---\npartners: []")]
    public void Parse_MalformedYaml_ThrowsConfigurationException(string yaml) => Fails(yaml);

    [Fact]
    public void LoadFile_Missing_NamesTheFlag()
    {
        Should.Throw<ConfigurationException>(() => SharingConfigLoader.LoadFile("/nonexistent/sharing.yaml")).Key.ShouldBe("--sharing");
    }
}

using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration.Tests;

public sealed class OptionsBinderTests
{
    [Theory]
    [InlineData("5m", 300)]
    [InlineData("30s", 30)]
    [InlineData("1h", 3600)]
    [InlineData("00:02:00", 120)]
    public void Bind_DurationWithUnit_Converts(string text, int seconds)
    {
        var config = ConfigurationLoader.Load(null, ["sample.wait=" + text, "sample.nested.timeout=" + text], new Dictionary<string, string>());

        var options = OptionsBinder.Bind<SampleOptions>(config, "sample");

        options.Wait.ShouldBe(TimeSpan.FromSeconds(seconds));
        options.Nested.Timeout.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void Bind_BadDuration_NamesTheKeyAndTheForms()
    {
        var config = ConfigurationLoader.Load(null, ["sample.wait=five minutes"], new Dictionary<string, string>());

        var error = Should.Throw<ConfigurationException>(() => OptionsBinder.Bind<SampleOptions>(config, "sample"));

        error.Key.ShouldBe("sample.wait");
        error.Message.ShouldContain("5m");
    }

    [Fact]
    public void Bind_UnknownKeyInsideAListItem_IsAnError()
    {
        var config = ConfigurationLoader.Load(null, ["sample.items.0.name=a", "sample.items.0.nmae=b"], new Dictionary<string, string>());

        Should.Throw<ConfigurationException>(() => OptionsBinder.Bind<SampleOptions>(config, "sample")).Key.ShouldBe("sample.items[0].nmae");
    }

    [Fact]
    public void Bind_UnconvertibleNumber_IsOneLineNamingTheSection()
    {
        var config = ConfigurationLoader.Load(null, ["sample.count=many"], new Dictionary<string, string>());

        var error = Should.Throw<ConfigurationException>(() => OptionsBinder.Bind<SampleOptions>(config, "sample"));

        error.Message.ShouldContain("sample");
        error.Message.ShouldNotContain("\n");
    }

    public sealed class SampleOptions
    {
        [ConfigurationKeyName("wait")]
        public TimeSpan Wait { get; set; }

        [ConfigurationKeyName("count")]
        public int Count { get; set; }

        [ConfigurationKeyName("nested")]
        public NestedOptions Nested { get; set; } = new();

        [ConfigurationKeyName("items")]
        public List<ItemOptions> Items { get; set; } = [];
    }

    public sealed class NestedOptions
    {
        [ConfigurationKeyName("timeout")]
        public TimeSpan? Timeout { get; set; }
    }

    public sealed class ItemOptions
    {
        [ConfigurationKeyName("name")]
        public string Name { get; set; } = "";
    }
}

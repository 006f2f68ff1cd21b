namespace CyberAgg.Configuration.Tests;

/// <summary>The product's components find the embedded ClickHouse's password themselves when none is configured.</summary>
public sealed class ClickHouseOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void EffectivePassword_Configured_WinsOverEverything()
    {
        var options = new ClickHouseOptions { Password = "configured" };

        options.EffectivePassword(new Uri(options.Url), _ => "from-env").ShouldBe("configured");
    }

    [Fact]
    public void EffectivePassword_NoneConfigured_TakesTheEnvironmentVariable()
    {
        var options = new ClickHouseOptions();

        options.EffectivePassword(new Uri("https://ch.example:8443"), n => n == ClickHouseOptions.PasswordVariable ? "from-env" : null).ShouldBe("from-env");
    }

    [Fact]
    public void EffectivePassword_RemoteUrlWithoutPassword_IsEmptyNeverTheLocalFile()
    {
        // Whatever .cyberagg holds in the working directory, a remote server never gets the embedded server's password.
        new ClickHouseOptions().EffectivePassword(new Uri("https://ch.example:8443"), NoEnvironment).ShouldBe("");
    }

    [Fact]
    public void EffectivePassword_LoopbackUrl_ReadsTheEmbeddedServersFile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("cyberagg-ch-").FullName, "password");
        File.WriteAllText(file, "generated-at-first-start\n");
        var options = new ClickHouseOptions();

        options.EffectivePassword(new Uri("http://127.0.0.1:18123"), NoEnvironment, file).ShouldBe("generated-at-first-start");
        options.EffectivePassword(new Uri("https://ch.example:8443"), NoEnvironment, file).ShouldBe("");
    }
}

namespace CyberAgg.Configuration.Tests;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-config").FullName;

    [Fact]
    public void Load_YamlEnvAndSet_LaterSourcesWin()
    {
        var file = Write("kafka:\n  bootstrap: yaml:9092\n  security_protocol: plaintext\nclickhouse:\n  database: fromyaml\n");
        var env = new Dictionary<string, string> { ["CYBERAGG_KAFKA__BOOTSTRAP"] = "env:9092", ["CYBERAGG_CLICKHOUSE__USERNAME"] = "envuser", ["OTHER"] = "x" };

        var config = ConfigurationLoader.Load(file, ["kafka.bootstrap=set:9092"], env);

        var kafka = OptionsBinder.Bind<KafkaOptions>(config, "kafka");
        var clickhouse = OptionsBinder.Bind<ClickHouseOptions>(config, "clickhouse");
        kafka.Bootstrap.ShouldBe("set:9092");
        clickhouse.Database.ShouldBe("fromyaml");
        clickhouse.Username.ShouldBe("envuser");
    }

    [Fact]
    public void Load_SecretReferences_ResolveFromEnvironmentAndFile()
    {
        var secret = Path.Combine(dir, "pw");
        File.WriteAllText(secret, "s3cret-from-file\n");
        var file = Write($"kafka:\n  password: ${{env:KAFKA_PW}}\nclickhouse:\n  password: ${{file:{secret}}}\n");

        var config = ConfigurationLoader.Load(file, [], new Dictionary<string, string> { ["KAFKA_PW"] = "s3cret-from-env" });

        OptionsBinder.Bind<KafkaOptions>(config, "kafka").Password.ShouldBe("s3cret-from-env");
        OptionsBinder.Bind<ClickHouseOptions>(config, "clickhouse").Password.ShouldBe("s3cret-from-file");
    }

    [Fact]
    public void Load_MissingSecretVariable_NamesKeyAndVariable()
    {
        var file = Write("kafka:\n  password: ${env:NOT_SET_ANYWHERE}\n");

        var error = Should.Throw<ConfigurationException>(() => ConfigurationLoader.Load(file, [], new Dictionary<string, string>()));

        error.Key.ShouldBe("kafka.password");
        error.Message.ShouldContain("NOT_SET_ANYWHERE");
    }

    [Theory]
    [InlineData("kafka: [unclosed\n")]
    [InlineData("kafka:\n  bootstrap: a\n bad-indent: b\n")]
    [InlineData("kafka:\n  - a\n  b: c\n")]
    public void Load_MalformedYaml_NamesTheFile(string yaml)
    {
        var file = Write(yaml);

        var error = Should.Throw<ConfigurationException>(() => ConfigurationLoader.Load(file, [], new Dictionary<string, string>()));

        error.Message.ShouldContain(file);
        error.Message.ShouldContain("not valid YAML");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Load_MalformedYaml_NamesTheLineAndColumn()
    {
        var file = Write("kafka:\n  bootstrap: a\n bad-indent: b\n");

        var error = Should.Throw<ConfigurationException>(() => ConfigurationLoader.Load(file, [], new Dictionary<string, string>()));

        error.Key.ShouldStartWith(file + ":3:");
        error.Message.ShouldContain("(line 3, column");
    }

    [Fact]
    public void Load_MissingFile_SaysWhichAndWhereExamplesAre()
    {
        var error = Should.Throw<ConfigurationException>(() => ConfigurationLoader.Load(Path.Combine(dir, "nope.yaml")));

        error.Message.ShouldContain("nope.yaml");
        error.Message.ShouldContain("deploy/examples");
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=value")]
    public void Load_MalformedOverride_ShowsTheExpectedShape(string entry)
    {
        Should.Throw<ConfigurationException>(() => ConfigurationLoader.Load(null, [entry], new Dictionary<string, string>()))
            .Message.ShouldContain("section.key=value");
    }

    [Fact]
    public void Load_SameOverrideTwice_LastWins()
    {
        var config = ConfigurationLoader.Load(null, ["kafka.bootstrap=a:1", "kafka.bootstrap=b:2"], new Dictionary<string, string>());

        OptionsBinder.Bind<KafkaOptions>(config, "kafka").Bootstrap.ShouldBe("b:2");
    }

    [Fact]
    public void Bind_UnknownKey_IsAnErrorNamingIt()
    {
        var config = ConfigurationLoader.Load(null, ["kafka.bootstrapp=x:1"], new Dictionary<string, string>());

        var error = Should.Throw<ConfigurationException>(() => OptionsBinder.Bind<KafkaOptions>(config, "kafka"));

        error.Message.ShouldContain("bootstrapp");
    }

    [Fact]
    public void KafkaOptions_SaslWithoutPassword_NamesTheKeys()
    {
        var options = new KafkaOptions { SecurityProtocol = "sasl_ssl", SaslMechanism = "SCRAM-SHA-512", Username = "ee-cert" };

        Should.Throw<ConfigurationException>(() => options.Validate()).Key.ShouldBe("kafka.username");
    }

    [Fact]
    public void KafkaOptions_UnknownProtocol_ListsTheValidOnes()
    {
        Should.Throw<ConfigurationException>(() => new KafkaOptions { SecurityProtocol = "tls" }.Validate())
            .Message.ShouldContain("plaintext, ssl, sasl_plaintext, sasl_ssl");
    }

    [Fact]
    public void KafkaOptions_ToProducerConfig_CarriesScramSettingsAndToStringHidesThePassword()
    {
        var options = new KafkaOptions { Bootstrap = "k:9093", SecurityProtocol = "sasl_ssl", SaslMechanism = "SCRAM-SHA-512", Username = "u", Password = "hunter2" };

        var config = options.ToProducerConfig();

        config.SaslMechanism.ShouldBe(Confluent.Kafka.SaslMechanism.ScramSha512);
        config.SaslPassword.ShouldBe("hunter2");
        options.ToString().ShouldNotContain("hunter2");
    }

    [Fact]
    public void ClickHouseOptions_ConnectionString_FromUrl()
    {
        var options = new ClickHouseOptions { Url = "https://ch.example:8443", Database = "cyberagg", Username = "writer", Password = "p" };

        options.Validate();

        options.ConnectionString().ShouldBe("Host=ch.example;Port=8443;Protocol=https;Username=writer;Password=p;Database=cyberagg");
        options.ToString().ShouldNotContain("Password");
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public void ClickHouseOptions_BadUrl_NamesTheKey(string url)
    {
        Should.Throw<ConfigurationException>(() => new ClickHouseOptions { Url = url }.Validate()).Key.ShouldBe("clickhouse.url");
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

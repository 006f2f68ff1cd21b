using CyberAgg.Configuration;
using CyberAgg.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CyberAgg.Deploy.Tests;

public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Workloads() => new(Documents().Where(IsWorkload).Select(d => Scalar(d, "metadata", "name")));

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Workload_EveryContainer_HasRequestsAndHealthProbes(string name)
    {
        var workload = Documents().Single(d => IsWorkload(d) && Scalar(d, "metadata", "name") == name);
        var containers = (YamlSequenceNode)Node(workload, "spec", "template", "spec", "containers");

        foreach (var container in containers.Cast<YamlMappingNode>())
        {
            Scalar(container, "resources", "requests", "cpu").ShouldNotBeNullOrEmpty();
            Scalar(container, "resources", "requests", "memory").ShouldNotBeNullOrEmpty();
            Scalar(container, "resources", "limits", "memory").ShouldNotBeNullOrEmpty();
            Scalar(container, "livenessProbe", "httpGet", "path").ShouldBe("/healthz");
            Scalar(container, "readinessProbe", "httpGet", "path").ShouldBe("/readyz");
        }
    }

    [Fact]
    public void Workloads_AreTheIssuesSet()
    {
        Documents().Where(IsWorkload).Select(d => $"{Scalar(d, "kind")}/{Scalar(d, "metadata", "name")}").Order(StringComparer.Ordinal)
            .ShouldBe(["DaemonSet/cyberagg-agent", "Deployment/cyberagg-api", "Deployment/cyberagg-correlator"]);
    }

    [Theory]
    [InlineData("cyberagg-serve", "serve-kubernetes.yaml")]
    [InlineData("cyberagg-api", "api-kubernetes.yaml")]
    public void ConfigMap_ServiceConfiguration_IsTheExampleVerbatim(string configMap, string example)
    {
        var map = Documents().Single(d => Scalar(d, "kind") == "ConfigMap" && Scalar(d, "metadata", "name") == configMap);

        Scalar(map, "data", "cyberagg.yaml").ShouldBe(File.ReadAllText(RepositoryPaths.InDeploy("examples/" + example)));
    }

    [Fact]
    public void ConfigMap_AgentConfiguration_LoadsWithSecretReferences()
    {
        var map = Documents().Single(d => Scalar(d, "kind") == "ConfigMap" && Scalar(d, "metadata", "name") == "cyberagg-agent");
        var dir = Directory.CreateTempSubdirectory("cyberagg-agent-config").FullName;
        try
        {
            var text = Scalar(map, "data", "agent.yaml").Replace("/etc/cyberagg/", dir + "/", StringComparison.Ordinal);
            foreach (var secret in new[] { "secrets/ingest/secret", "secrets/kafka/password", "kafka-ca/ca.crt" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, secret))!);
                File.WriteAllText(Path.Combine(dir, secret), "secret-for-test");
            }

            var file = Path.Combine(dir, "agent.yaml");
            File.WriteAllText(file, text);

            var kafka = OptionsBinder.Bind<KafkaOptions>(ConfigurationLoader.Load(file, [], new Dictionary<string, string>()), "kafka");

            kafka.Validate();
            kafka.Password.ShouldBe("secret-for-test");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Strimzi_PartnerUser_WritesOnlyTheIngestTopic()
    {
        var user = Documents().Single(d => Scalar(d, "kind") == "KafkaUser" && Scalar(d, "metadata", "name") == "ee-cert");
        var acls = ((YamlSequenceNode)Node(user, "spec", "authorization", "acls")).Cast<YamlMappingNode>();

        acls.Where(a => ((YamlSequenceNode)Node(a, "operations")).Any(o => ((YamlScalarNode)o).Value == "Write"))
            .Select(a => Scalar(a, "resource", "name")).ShouldBe(["cyberagg.events.v1"]);
    }

    private static bool IsWorkload(YamlMappingNode document) => Scalar(document, "kind") is "Deployment" or "DaemonSet" or "StatefulSet";

    private static IEnumerable<YamlMappingNode> Documents()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.InDeploy("kubernetes"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(file));
            stream.Load(reader);
            foreach (var document in stream.Documents)
            {
                yield return (YamlMappingNode)document.RootNode;
            }
        }
    }

    private static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child)
                ? child
                : throw new KeyNotFoundException($"'{string.Join('.', path)}' is missing (at '{key}').");
        }

        return node;
    }

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value ?? "";
}

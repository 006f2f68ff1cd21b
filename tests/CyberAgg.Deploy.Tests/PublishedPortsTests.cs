using System.Text.RegularExpressions;
using CyberAgg.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CyberAgg.Deploy.Tests;

/// <summary>
/// Nothing in deploy/ is published beyond loopback unless it speaks TLS and authenticates its clients; the Kubernetes
/// ClickHouse keeps no plain port; the API's Kafka user has exactly the ACLs its live feed and sharing service need.
/// </summary>
public sealed partial class PublishedPortsTests
{
    [Fact]
    public void Compose_EveryPublishedPort_IsLoopbackOrTlsWithAuthentication()
    {
        var services = (YamlMappingNode)Load("compose/docker-compose.yml").Single()["services"];
        var problems = new List<string>();
        var published = 0;
        foreach (var (name, node) in services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)))
        {
            if (!node.Children.TryGetValue("ports", out var ports))
            {
                continue;
            }

            foreach (var port in ((YamlSequenceNode)ports).Cast<YamlScalarNode>().Select(p => p.Value!))
            {
                published++;
                var parts = port.Split(':');
                if (parts.Length == 3 && parts[0] == "127.0.0.1")
                {
                    continue;
                }

                var container = parts[^1];
                if (ComposeGuard(name, container, node) is { } reason)
                {
                    problems.Add($"{name} publishes {port} on every interface, {reason}");
                }
            }
        }

        published.ShouldBeGreaterThan(3);
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Kubernetes_EveryServiceLeavingTheCluster_IsTlsWithAuthentication()
    {
        var problems = new List<string>();
        foreach (var document in Kubernetes())
        {
            var kind = Scalar(document, "kind");
            if (kind == "Service" && Scalar(document, "spec", "type") is "LoadBalancer" or "NodePort")
            {
                problems.Add($"Service {Scalar(document, "metadata", "name")} is exposed outside the cluster");
            }

            if (kind is "Ingress")
            {
                problems.Add($"Ingress {Scalar(document, "metadata", "name")} is not reviewed by this test");
            }

            if (kind == "Kafka")
            {
                foreach (var listener in Maps(document, "spec", "kafka", "listeners"))
                {
                    if (Scalar(listener, "tls") != "true" || Scalar(listener, "authentication", "type") != "scram-sha-512")
                    {
                        problems.Add($"Kafka listener {Scalar(listener, "name")} lacks TLS or SCRAM");
                    }
                }
            }

            foreach (var container in Containers(document))
            {
                if (container.Children.ContainsKey("ports") && ((YamlSequenceNode)container["ports"]).Cast<YamlMappingNode>().Any(p => p.Children.ContainsKey("hostPort")))
                {
                    problems.Add($"{Scalar(document, "metadata", "name")} binds a host port");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Kubernetes_Api_ServesHttpsOnly()
    {
        var api = Kubernetes().Single(d => Scalar(d, "kind") == "Deployment" && Scalar(d, "metadata", "name") == "cyberagg-api");
        var container = Containers(api).Single();
        var config = Kubernetes().Single(d => Scalar(d, "kind") == "ConfigMap" && Scalar(d, "metadata", "name") == "cyberagg-api");

        Scalar(container, "readinessProbe", "httpGet", "scheme").ShouldBe("HTTPS");
        Scalar(container, "livenessProbe", "httpGet", "scheme").ShouldBe("HTTPS");
        Scalar(config, "data", "cyberagg.yaml").ShouldContain("tls_certificate: ");
        Scalar(config, "data", "cyberagg.yaml").ShouldContain("tls_key: ");
    }

    [Fact]
    public void Kubernetes_AgentMetrics_ListenOnThePodAddressTheProbesUse()
    {
        var agent = Kubernetes().Single(d => Scalar(d, "kind") == "DaemonSet" && Scalar(d, "metadata", "name") == "cyberagg-agent");
        var env = Maps(Containers(agent).Single(), "env").ToDictionary(e => Scalar(e, "name"), e => e);

        Scalar(env["POD_IP"], "valueFrom", "fieldRef", "fieldPath").ShouldBe("status.podIP");
        Scalar(env["CYBERAGG_TELEMETRY__PROMETHEUS"], "value").ShouldBe("http://$(POD_IP):8080/");
        Scalar(Containers(agent).Single(), "readinessProbe", "httpGet", "port").ShouldBe("http");
    }

    [Fact]
    public void Kubernetes_ClickHouse_HasNoPlainPorts()
    {
        var chi = Kubernetes().Single(d => Scalar(d, "kind") == "ClickHouseInstallation");
        var removal = Scalar(chi, "spec", "configuration", "files", "config.d/zz-no-plain-ports.xml");

        foreach (var port in new[] { "http_port", "tcp_port", "interserver_http_port" })
        {
            removal.ShouldContain($"<{port} remove=\"1\"/>");
        }

        var service = Maps(chi, "spec", "templates", "serviceTemplates").Single();
        Maps(service, "spec", "ports").Select(p => Scalar(p, "port")).Order(StringComparer.Ordinal).ShouldBe(["8443", "9440"]);
        Scalar(chi, "spec", "defaults", "templates", "serviceTemplate").ShouldBe(Scalar(service, "name"));
    }

    [Fact]
    public void KafkaAcls_ApiUser_ReadsAlertsInTheSharingGroupAndWritesPartnerFeedsOnly()
    {
        var user = Kubernetes().Single(d => Scalar(d, "kind") == "KafkaUser" && Scalar(d, "metadata", "name") == "api");
        var acls = Maps(user, "spec", "authorization", "acls")
            .Select(a => $"{Scalar(a, "resource", "type")}:{(Scalar(a, "resource", "type") == "cluster" ? "" : Scalar(a, "resource", "name") + "/" + Scalar(a, "resource", "patternType"))}={string.Join(",", ((YamlSequenceNode)a["operations"]).Cast<YamlScalarNode>().Select(o => o.Value))}")
            .Order(StringComparer.Ordinal).ToList();

        acls.ShouldBe([
            "cluster:=IdempotentWrite",
            "group:cyberagg-sharing/literal=Read,Describe",
            "topic:cyberagg.alerts.ee-cert.v1/literal=Write,Describe",
            "topic:cyberagg.alerts.v1/literal=Read,Describe",
        ]);
        var init = File.ReadAllText(RepositoryPaths.InDeploy("compose/kafka/init.sh"));
        init.ShouldContain("acl --allow-principal User:api --operation Read --operation Describe --group cyberagg-sharing\n");
        init.ShouldContain("acl --allow-principal User:api --operation Write --operation Describe --topic \"cyberagg.alerts.$p.v1\"");
        init.ShouldNotContain("User:api --operation Read --operation Describe --topic cyberagg.alerts. --resource-pattern-type prefixed");
    }

    [Fact]
    public void KafkaAcls_Correlator_WritesTheCentralAlertsTopicOnly()
    {
        var user = Kubernetes().Single(d => Scalar(d, "kind") == "KafkaUser" && Scalar(d, "metadata", "name") == "correlator");
        var alertTopics = Maps(user, "spec", "authorization", "acls")
            .Where(a => Scalar(a, "resource", "name").StartsWith("cyberagg.alerts", StringComparison.Ordinal)).ToList();

        alertTopics.ShouldHaveSingleItem();
        Scalar(alertTopics[0], "resource", "name").ShouldBe("cyberagg.alerts.v1");
        Scalar(alertTopics[0], "resource", "patternType").ShouldBe("literal");
        File.ReadAllText(RepositoryPaths.InDeploy("compose/kafka/init.sh")).ShouldContain("User:correlator --operation Write --operation Describe --topic cyberagg.alerts.v1\n");
    }

    /// <summary>Null when the published container port is TLS with authentication; else what is missing.</summary>
    private static string? ComposeGuard(string service, string containerPort, YamlMappingNode node)
    {
        if (service.StartsWith("kafka-", StringComparison.Ordinal))
        {
            var properties = File.ReadAllText(RepositoryPaths.InDeploy("compose/kafka/server.properties"));
            var listener = ListenerOnPort().Matches(properties.Split('\n').First(l => l.StartsWith("listeners=", StringComparison.Ordinal)))
                .FirstOrDefault(m => m.Groups["port"].Value == containerPort)?.Groups["name"].Value;
            return listener is not null && properties.Contains($"{listener}:SASL_SSL", StringComparison.Ordinal) ? null : "not SASL_SSL";
        }

        if (service == "api")
        {
            var config = File.ReadAllText(RepositoryPaths.InDeploy("examples/api-compose.yaml"));
            return config.Contains($"listen: 0.0.0.0:{containerPort}", StringComparison.Ordinal) && config.Contains("tls_certificate: /", StringComparison.Ordinal)
                ? null
                : "not the API's HTTPS listener";
        }

        if (service == "grafana")
        {
            var environment = (YamlMappingNode)node["environment"];
            return Scalar(environment, "GF_SERVER_PROTOCOL") == "https" && Scalar(environment, "GF_AUTH_ANONYMOUS_ENABLED") == "false" && containerPort == "3000"
                ? null
                : "not HTTPS with anonymous access off";
        }

        return "and no rule here says it is TLS with authentication";
    }

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode document)
    {
        if (Scalar(document, "kind") is "Deployment" or "DaemonSet" or "StatefulSet" or "Job"
            && Node(document, "spec", "template", "spec", "containers") is YamlSequenceNode containers)
        {
            return containers.Cast<YamlMappingNode>();
        }

        return [];
    }

    private static List<YamlMappingNode> Kubernetes() =>
        Directory.GetFiles(RepositoryPaths.InDeploy("kubernetes"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(f => Load("kubernetes/" + Path.GetFileName(f))).ToList();

    private static List<YamlMappingNode> Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryPaths.InDeploy(relative)));
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(key, out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static IEnumerable<YamlMappingNode> Maps(YamlNode node, params string[] path) =>
        (Node(node, path) as YamlSequenceNode)?.Cast<YamlMappingNode>() ?? [];

    private static string Scalar(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value ?? "";

    [GeneratedRegex(@"(?<name>[A-Z]+)://[^:,]*:(?<port>\d+)")]
    private static partial Regex ListenerOnPort();
}

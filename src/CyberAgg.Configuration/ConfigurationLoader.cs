using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration;

/// <summary>
/// Builds the one configuration model <c>cyberagg serve</c> and <c>cyberagg-agent</c> share: a YAML file, then
/// environment variables, then <c>--set</c> overrides, with secrets referenced rather than written down.
/// </summary>
/// <remarks>
/// Precedence, lowest first: the YAML file; <c>CYBERAGG_SECTION__KEY</c> environment variables; <c>--set section.key=value</c>.
/// A value <c>${env:NAME}</c> is replaced by that environment variable and <c>${file:/path}</c> by the file's
/// trimmed content, so committed files carry references to secrets, never the secrets.
/// </remarks>
public static class ConfigurationLoader
{
    /// <summary>The prefix of environment variables that override configuration.</summary>
    public const string EnvironmentPrefix = "CYBERAGG_";

    /// <summary>Loads and resolves the configuration.</summary>
    /// <exception cref="ConfigurationException">The file is missing or malformed, an override is malformed, or a secret reference cannot be resolved.</exception>
    public static IConfigurationRoot Load(string? yamlFile, IReadOnlyList<string>? setOverrides = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (yamlFile is not null)
        {
            var full = Path.GetFullPath(yamlFile);
            if (!File.Exists(full))
            {
                throw new ConfigurationException("--config", $"the file '{yamlFile}' does not exist; pass the path of a YAML configuration file (see deploy/examples/).");
            }

            builder.AddYamlFile(full, optional: false, reloadOnChange: false);
        }

        if (environment is null)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
                .Select(e => new KeyValuePair<string, string?>(e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }

        builder.AddInMemoryCollection(ParseOverrides(setOverrides ?? []));

        IConfigurationRoot raw;
        try
        {
            raw = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or YamlDotNet.Core.YamlException)
        {
            throw YamlError(yamlFile ?? "--config", e);
        }

        return Resolve(raw, environment);
    }

    /// <summary>One line naming the file, the line and column, and what the parser expected.</summary>
    internal static ConfigurationException YamlError(string file, Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is YamlDotNet.Core.YamlException yaml)
            {
                // YamlDotNet prefixes its message with "(Line: 2, Col: 3, Idx: 20) - (...): "; the position goes first instead.
                var problem = yaml.Message;
                var colon = problem.IndexOf("): ", StringComparison.Ordinal);
                if (problem.StartsWith('(') && colon > 0)
                {
                    problem = problem[(colon + 3)..];
                }

                return new ConfigurationException($"{file}:{yaml.Start.Line}:{yaml.Start.Column}", $"is not valid YAML: {problem.ReplaceLineEndings(" ")} (line {yaml.Start.Line}, column {yaml.Start.Column}).", e);
            }
        }

        return new ConfigurationException(file, $"is not valid YAML: {e.Message.ReplaceLineEndings(" ")}", e);
    }

    // A key given twice keeps its last value, as later sources win over earlier ones.
    private static Dictionary<string, string?> ParseOverrides(IReadOnlyList<string> overrides)
    {
        var parsed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in overrides)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ConfigurationException("--set " + entry, "must look like section.key=value, e.g. --set kafka.bootstrap=10.0.0.5:9092");
            }

            parsed[entry[..equals].Trim().Replace('.', ':')] = entry[(equals + 1)..];
        }

        return parsed;
    }

    private static IConfigurationRoot Resolve(IConfigurationRoot raw, IReadOnlyDictionary<string, string>? environment)
    {
        var resolved = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in raw.AsEnumerable())
        {
            resolved[key] = value is null ? null : SecretReference.Resolve(ToDotted(key), value, environment);
        }

        return new ConfigurationBuilder().AddInMemoryCollection(resolved).Build();
    }

    /// <summary>Turns a configuration path (<c>kafka:bootstrap</c>) into the dotted form users write.</summary>
    public static string ToDotted(string key) => key.Replace(':', '.');
}

using CyberAgg.Configuration;

namespace CyberAgg.Sharing.Configuration;

/// <summary>
/// Resolves <c>${env:NAME}</c> and <c>${file:/path}</c> the way CyberAgg.Configuration does; pseudonymisation keys
/// must be references, so the committed sharing.yaml never carries key material.
/// </summary>
internal static class SecretResolver
{
    public static string Resolve(string key, string value, IReadOnlyDictionary<string, string>? environment)
    {
        if (!value.StartsWith("${", StringComparison.Ordinal) || !value.EndsWith('}'))
        {
            throw new ConfigurationException(key, "must reference the key as ${env:NAME} or ${file:/path}; key material never goes into sharing.yaml.");
        }

        var body = value[2..^1];
        if (body.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = body[4..];
            var found = environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
            return found ?? throw new ConfigurationException(key, $"refers to environment variable {name}, which is not set; export it or change the value.");
        }

        if (body.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = body[5..];
            if (!File.Exists(path))
            {
                throw new ConfigurationException(key, $"refers to file '{path}', which does not exist; create it (mode 0600) or change the value.");
            }

            if (new FileInfo(path).Length > 4096)
            {
                throw new ConfigurationException(key, $"refers to file '{path}', which is larger than 4 KiB; a key file holds one key.");
            }

            return File.ReadAllText(path).Trim();
        }

        throw new ConfigurationException(key, "has an unknown reference; use ${env:NAME} or ${file:/path}.");
    }
}

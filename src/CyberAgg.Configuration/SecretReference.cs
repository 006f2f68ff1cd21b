namespace CyberAgg.Configuration;

/// <summary>Resolves <c>${env:NAME}</c> and <c>${file:/path}</c> values, so secrets stay out of committed files.</summary>
public static class SecretReference
{
    /// <summary>Whether a value is a <c>${...}</c> reference rather than a literal.</summary>
    public static bool IsReference(string value) => value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}');

    /// <summary>The referenced secret, or <paramref name="value"/> itself when it is no reference.</summary>
    /// <exception cref="ConfigurationException">The variable is unset, or the file is missing or larger than <paramref name="maxFileBytes"/>.</exception>
    public static string Resolve(string key, string value, IReadOnlyDictionary<string, string>? environment, long maxFileBytes = 64 * 1024)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsReference(value))
        {
            return value;
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

            if (new FileInfo(path).Length > maxFileBytes)
            {
                throw new ConfigurationException(key, $"refers to file '{path}', which is larger than {maxFileBytes / 1024} KiB; a secret file holds one secret.");
            }

            return File.ReadAllText(path).Trim();
        }

        throw new ConfigurationException(key, "has an unknown reference; use ${env:NAME} or ${file:/path}.");
    }
}

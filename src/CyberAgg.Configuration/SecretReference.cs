namespace CyberAgg.Configuration;

/// <summary>Resolves <c>${env:NAME}</c> and <c>${file:/path}</c> values, so secrets stay out of committed files.</summary>
internal static class SecretReference
{
    public static string Resolve(string key, string value, IReadOnlyDictionary<string, string>? environment)
    {
        if (!value.StartsWith("${", StringComparison.Ordinal) || !value.EndsWith('}'))
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

            return File.ReadAllText(path).Trim();
        }

        throw new ConfigurationException(key, "has an unknown reference; use ${env:NAME} or ${file:/path}.");
    }
}

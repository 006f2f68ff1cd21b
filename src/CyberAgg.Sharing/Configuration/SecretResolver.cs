using CyberAgg.Configuration;

namespace CyberAgg.Sharing.Configuration;

/// <summary>
/// Pseudonymisation keys must be references (<c>${env:NAME}</c>, <c>${file:/path}</c>), resolved as everywhere else
/// by <see cref="SecretReference"/>, so the committed sharing.yaml never carries key material.
/// </summary>
internal static class SecretResolver
{
    public static string Resolve(string key, string value, IReadOnlyDictionary<string, string>? environment) =>
        SecretReference.IsReference(value)
            ? SecretReference.Resolve(key, value, environment, maxFileBytes: 4096)
            : throw new ConfigurationException(key, "must reference the key as ${env:NAME} or ${file:/path}; key material never goes into sharing.yaml.");
}

using System.Security.Cryptography;

namespace CyberAgg.Events.Alerts;

/// <summary>
/// The alert signing keys of this process: the first signs, every one verifies, so a key can be rotated by adding
/// the new one first and removing the old one once nothing signed with it is left on the topics.
/// </summary>
/// <remarks>
/// The product's components find the keys themselves: <see cref="KeysVariable"/> (base64 secrets separated by
/// commas), else the file <see cref="FileName"/> in the data folder (one base64 secret per line, mode 0600), generated
/// at first start. Components on one host share the file; components on several hosts share the variable.
/// </remarks>
public sealed class AlertKeyRing
{
    /// <summary>Environment variable holding the keys, newest first, as base64 separated by commas.</summary>
    public const string KeysVariable = "CYBERAGG_ALERT_SIGNING_KEYS";

    /// <summary>The key file in the data folder.</summary>
    public const string FileName = "alert-signing.keys";

    private static readonly Lock Gate = new();
    private static AlertKeyRing? process;
    private readonly AlertSigningKey[] keys;

    public AlertKeyRing(IReadOnlyList<AlertSigningKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("An alert key ring needs at least one key.", nameof(keys));
        }

        this.keys = [.. keys];
    }

    /// <summary>The key that signs.</summary>
    public AlertSigningKey Current => keys[0];

    /// <summary>Every key that verifies.</summary>
    public IReadOnlyList<AlertSigningKey> Keys => keys;

    /// <summary>
    /// The process's key ring: set by <see cref="UseDataDirectory"/>, or resolved on first use from
    /// <see cref="KeysVariable"/> or <c>.cyberagg/alert-signing.keys</c> in the working directory.
    /// </summary>
    public static AlertKeyRing Process
    {
        get
        {
            lock (Gate)
            {
                return process ??= Load(".cyberagg", Environment.GetEnvironmentVariable);
            }
        }
    }

    /// <summary>Points the process key ring at a data folder (the commands' <c>--data</c>); the first call wins.</summary>
    public static AlertKeyRing UseDataDirectory(string dataDirectory)
    {
        lock (Gate)
        {
            return process ??= Load(dataDirectory, Environment.GetEnvironmentVariable);
        }
    }

    public AlertSigningKey? Find(string id) => Array.Find(keys, k => k.Id == id);

    /// <summary>The keys from <paramref name="environment"/>'s <see cref="KeysVariable"/>, else from the file in <paramref name="dataDirectory"/>, created if missing.</summary>
    public static AlertKeyRing Load(string dataDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(KeysVariable) is { Length: > 0 } fromEnvironment)
        {
            return new AlertKeyRing(Parse(fromEnvironment.Split(','), KeysVariable));
        }

        var file = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dataDirectory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(file, options);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another component on this host created it first; use theirs.
            }
        }

        return new AlertKeyRing(Parse(File.ReadAllLines(file), file));
    }

    private static List<AlertSigningKey> Parse(IEnumerable<string> lines, string source)
    {
        var keys = new List<AlertSigningKey>();
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(line);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{source}: an alert signing key is not base64; write one key per line (or comma-separated in the variable), e.g. the output of 'openssl rand -base64 32'.");
            }

            if (secret.Length < 16)
            {
                throw new InvalidOperationException($"{source}: an alert signing key has {secret.Length} bytes; use at least 16 (openssl rand -base64 32).");
            }

            keys.Add(new AlertSigningKey(secret));
        }

        return keys.Count > 0 ? keys : throw new InvalidOperationException($"{source} holds no alert signing key; delete the file to generate one, or add a line from 'openssl rand -base64 32'.");
    }
}

using System.Security.Cryptography;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// The embedded ClickHouse's password: configured, from <see cref="EmbeddedClickHouseOptions.PasswordVariable"/>, or
/// generated at first start into <see cref="EmbeddedClickHouseOptions.PasswordFileName"/> in the data folder (mode 0600).
/// </summary>
internal static class ClickHousePassword
{
    /// <summary>Returns the password and the file it is kept in (null when it came from the options or the environment).</summary>
    public static (string Password, string? File) Resolve(string dataPath, string? configured, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return (configured, null);
        }

        if (environment(EmbeddedClickHouseOptions.PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, null);
        }

        var file = Path.Combine(dataPath, EmbeddedClickHouseOptions.PasswordFileName);
        if (File.Exists(file))
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                // Another user on the host could have read it: a password others can read is no password.
                throw new InvalidOperationException(
                    $"The ClickHouse password file '{file}' is readable by other users; delete it (a new one is generated) or run 'chmod 600 {file}'.");
            }

            var stored = File.ReadAllText(file).Trim();
            if (stored.Length == 0)
            {
                throw new InvalidOperationException($"The ClickHouse password file '{file}' is empty; delete it and a new password is generated at the next start.");
            }

            return (stored, file);
        }

        var generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(file, options))
        {
            writer.Write(generated + "\n");
        }

        return (generated, file);
    }
}

using System.Net;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>Options of the embedded ClickHouse: storage, listener, credentials and limits.</summary>
public sealed class EmbeddedClickHouseOptions
{
    /// <summary>The default HTTP port of the contract (DESIGN §5).</summary>
    public const int DefaultPort = 18123;

    /// <summary>Folder that holds the databases; it survives restarts.</summary>
    public string DataPath { get; set; } = Path.Combine(".cyberagg", "clickhouse");

    /// <summary>Address the HTTP interface binds to.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>HTTP port; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The one user the server knows.</summary>
    public string User { get; set; } = "default";

    /// <summary>
    /// That user's password. Null: <see cref="PasswordVariable"/> if set, else the one kept in
    /// <see cref="PasswordFileName"/> in <see cref="DataPath"/>, generated at first start. Never logged.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>Environment variable that sets the password (and that the product's clients read).</summary>
    public const string PasswordVariable = "CYBERAGG_CLICKHOUSE_PASSWORD";

    /// <summary>The file in the data folder that keeps the generated password, mode 0600.</summary>
    public const string PasswordFileName = "password";

    /// <summary>
    /// Engine sessions serving requests in parallel. Queries and inserts of 64 KiB or more share all but one of them, so a
    /// small insert (an alert's row) always finds a session free; inserts of 64 KiB or more share all but two, so a query
    /// always finds one free of them (<see cref="SessionLanes"/>).
    /// </summary>
    public int Sessions { get; set; } = 4;

    /// <summary>Largest request body accepted, after decompression limits are applied by the engine.</summary>
    public long MaxBodyBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Largest query text (everything before INSERT data) read from a request body.</summary>
    public int MaxQueryBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Throws with the option name and the fix when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(User);
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (any free port) or 1-65535.");
        }

        if (Sessions is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Sessions), Sessions, "Sessions must be between 1 and 64.");
        }
    }
}

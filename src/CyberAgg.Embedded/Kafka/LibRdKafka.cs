using System.Runtime.InteropServices;

namespace CyberAgg.Embedded.Kafka;

/// <summary>Function pointers into the librdkafka that Confluent.Kafka ships, including the mock cluster API.</summary>
/// <remarks>
/// The mock API of <c>rdkafka_mock.h</c> is not wrapped by Confluent.Kafka, so it is bound here against
/// the very same shared object Confluent.Kafka uses: one librdkafka per process.
/// </remarks>
internal static unsafe class LibRdKafka
{
    private static readonly Lock Gate = new();
    private static nint handle;

    public static delegate* unmanaged<nint> ConfNew;
    public static delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int> ConfSet;
    public static delegate* unmanaged<int, nint, byte*, nuint, nint> New;
    public static delegate* unmanaged<nint, void> Destroy;
    public static delegate* unmanaged<nint, int, nint> MockClusterNew;
    public static delegate* unmanaged<nint, void> MockClusterDestroy;
    public static delegate* unmanaged<nint, byte*> MockClusterBootstraps;
    public static delegate* unmanaged<nint, nint, int, int, int> MockTopicCreate;
    public static delegate* unmanaged<nint, int, int> MockBrokerSetDown;
    public static delegate* unmanaged<nint, int, int> MockBrokerSetUp;
    public static delegate* unmanaged<nint, int, int, int> MockBrokerSetRtt;
    public static delegate* unmanaged<nint, short, nuint, int*, void> MockPushRequestErrorsArray;
    public static delegate* unmanaged<nint, short, void> MockClearRequestErrors;
    public static delegate* unmanaged<nint, nint, int, int> MockTopicSetError;
    public static delegate* unmanaged<nint, int, void> MockGroupInitialRebalanceDelayMs;
    public static delegate* unmanaged<int, byte*> Err2Str;

    /// <summary>The path of the loaded shared object.</summary>
    public static string? LoadedPath { get; private set; }

    /// <summary>Loads librdkafka once, preferring the variant Confluent.Kafka can load on this host.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (handle != 0)
            {
                return;
            }

            // Let Confluent.Kafka pick and load its librdkafka first (its explicit-path loader needs libdl.so, which
            // Debian lacks), then bind to the very file it mapped, so clients and the mock share one librdkafka.
            _ = Confluent.Kafka.Library.Version;
            var path = MappedLibrary() ?? Locate();
            handle = NativeLibrary.Load(path);
            LoadedPath = path;

            ConfNew = (delegate* unmanaged<nint>)Export("rd_kafka_conf_new");
            ConfSet = (delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int>)Export("rd_kafka_conf_set");
            New = (delegate* unmanaged<int, nint, byte*, nuint, nint>)Export("rd_kafka_new");
            Destroy = (delegate* unmanaged<nint, void>)Export("rd_kafka_destroy");
            MockClusterNew = (delegate* unmanaged<nint, int, nint>)Export("rd_kafka_mock_cluster_new");
            MockClusterDestroy = (delegate* unmanaged<nint, void>)Export("rd_kafka_mock_cluster_destroy");
            MockClusterBootstraps = (delegate* unmanaged<nint, byte*>)Export("rd_kafka_mock_cluster_bootstraps");
            MockTopicCreate = (delegate* unmanaged<nint, nint, int, int, int>)Export("rd_kafka_mock_topic_create");
            MockBrokerSetDown = (delegate* unmanaged<nint, int, int>)Export("rd_kafka_mock_broker_set_down");
            MockBrokerSetUp = (delegate* unmanaged<nint, int, int>)Export("rd_kafka_mock_broker_set_up");
            MockBrokerSetRtt = (delegate* unmanaged<nint, int, int, int>)Export("rd_kafka_mock_broker_set_rtt");
            MockPushRequestErrorsArray = (delegate* unmanaged<nint, short, nuint, int*, void>)Export("rd_kafka_mock_push_request_errors_array");
            MockClearRequestErrors = (delegate* unmanaged<nint, short, void>)Export("rd_kafka_mock_clear_request_errors");
            MockTopicSetError = (delegate* unmanaged<nint, nint, int, int>)Export("rd_kafka_mock_topic_set_error");
            MockGroupInitialRebalanceDelayMs = (delegate* unmanaged<nint, int, void>)Export("rd_kafka_mock_group_initial_rebalance_delay_ms");
            Err2Str = (delegate* unmanaged<int, byte*>)Export("rd_kafka_err2str");
        }
    }

    public static string ErrorText(int code) => Marshal.PtrToStringUTF8((nint)Err2Str(code)) ?? $"error {code}";

    private static nint Export(string name) => NativeLibrary.GetExport(handle, name);

    private static string? MappedLibrary()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal));
    }

    private static string Locate()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        string[] candidates =
        [
            Path.Combine(native, "librdkafka.so"),
            // Debian 12 lacks libsasl2.so.3, which the default build needs; the centos8 build links without it.
            Path.Combine(native, "centos8-librdkafka.so"),
        ];
        List<string> failures = [];
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                failures.Add($"{candidate}: missing");
                continue;
            }

            if (NativeLibrary.TryLoad(candidate, out var probe))
            {
                NativeLibrary.Free(probe);
                return candidate;
            }

            failures.Add($"{candidate}: cannot be loaded (missing shared library dependency)");
        }

        throw new DllNotFoundException(
            "librdkafka from the librdkafka.redist package could not be loaded: " + string.Join("; ", failures) +
            ". Rebuild the project so the runtimes/ folder is copied next to the binaries.");
    }
}

using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using CyberAgg.Events;

namespace CyberAgg.Embedded.Kafka;

/// <summary>
/// A Kafka cluster in this process: librdkafka's mock cluster (the Kafka protocol as librdkafka's own test suite
/// runs it), reachable on a fixed bootstrap address, with fault injection for tests.
/// </summary>
/// <remarks>No TLS, no SASL, nothing survives disposal: it is for the demo, development and tests.</remarks>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    private readonly nint handle;
    private readonly nint cluster;
    private readonly IPEndPoint[] brokers;
    private readonly bool[] down;
    private readonly BootstrapForwarder forwarder;
    private readonly Lock gate = new();
    private int disposed;

    private unsafe EmbeddedKafka(nint handle, nint cluster, IPEndPoint[] brokers, EmbeddedKafkaOptions options)
    {
        this.handle = handle;
        this.cluster = cluster;
        this.brokers = brokers;
        down = new bool[brokers.Length];
        try
        {
            forwarder = BootstrapForwarder.Start(options.BindAddress, options.Port, PickBroker);
        }
        catch
        {
            LibRdKafka.MockClusterDestroy(cluster);
            LibRdKafka.Destroy(handle);
            throw;
        }
    }

    /// <summary>The fixed bootstrap address clients use, e.g. <c>127.0.0.1:19092</c>.</summary>
    public string BootstrapServers => $"{forwarder.LocalEndpoint.Address}:{forwarder.LocalEndpoint.Port}";

    /// <summary>The bootstrap port actually bound (differs from the option when it was 0).</summary>
    public int Port => forwarder.LocalEndpoint.Port;

    /// <summary>The brokers' own addresses, as the mock advertises them.</summary>
    public string BrokerAddresses => string.Join(',', brokers.Select(b => $"{b.Address}:{b.Port}"));

    /// <summary>Broker ids, 1-based as in the mock cluster.</summary>
    public IReadOnlyList<int> BrokerIds => Enumerable.Range(1, brokers.Length).ToArray();

    /// <summary>Starts the mock cluster, the bootstrap listener, and creates the contract's topics.</summary>
    /// <exception cref="PortInUseException">The bootstrap port is taken.</exception>
    public static unsafe EmbeddedKafka Start(EmbeddedKafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LibRdKafka.EnsureLoaded();

        var conf = LibRdKafka.ConfNew();
        SetConf(conf, "log_level", "3");
        var error = stackalloc byte[512];
        var rk = LibRdKafka.New(0 /* RD_KAFKA_PRODUCER */, conf, error, 512);
        if (rk == 0)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Marshal.PtrToStringUTF8((nint)error));
        }

        var mcluster = LibRdKafka.MockClusterNew(rk, options.Brokers);
        if (mcluster == 0)
        {
            LibRdKafka.Destroy(rk);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed: see librdkafka's log above.");
        }

        LibRdKafka.MockGroupInitialRebalanceDelayMs(mcluster, (int)options.InitialRebalanceDelay.TotalMilliseconds);
        var bootstraps = Marshal.PtrToStringUTF8((nint)LibRdKafka.MockClusterBootstraps(mcluster)) ?? "";
        var endpoints = bootstraps.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPEndPoint.Parse).ToArray();

        var kafka = new EmbeddedKafka(rk, mcluster, endpoints, options);
        foreach (var topic in KafkaTopicNames.Core.Concat(options.ExtraTopics).Distinct(StringComparer.Ordinal))
        {
            var partitions = options.Partitions.GetValueOrDefault(topic, topic == KafkaTopicNames.Events ? options.EventsPartitions : options.DefaultPartitions);
            kafka.CreateTopic(topic, partitions);
        }

        return kafka;
    }

    /// <summary>Creates a topic; the mock answers no CreateTopics request, so this is the way to make one.</summary>
    public unsafe void CreateTopic(string topic, int partitions, int replicationFactor = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var replicas = replicationFactor > 0 ? replicationFactor : Math.Min(3, brokers.Length);
        var err = WithUtf8(topic, t => LibRdKafka.MockTopicCreate(cluster, t, partitions, replicas));
        Check(err, $"create topic '{topic}'");
    }

    /// <summary>Takes a broker down: its connections drop and it accepts none until <see cref="SetBrokerUp"/>.</summary>
    public unsafe void SetBrokerDown(int brokerId)
    {
        CheckBroker(brokerId);
        lock (gate)
        {
            down[brokerId - 1] = true;
        }

        Check(LibRdKafka.MockBrokerSetDown(cluster, brokerId), $"set broker {brokerId} down");
    }

    /// <summary>Brings a broker taken down back.</summary>
    public unsafe void SetBrokerUp(int brokerId)
    {
        CheckBroker(brokerId);
        Check(LibRdKafka.MockBrokerSetUp(cluster, brokerId), $"set broker {brokerId} up");
        lock (gate)
        {
            down[brokerId - 1] = false;
        }
    }

    /// <summary>Adds round-trip latency to every response of a broker.</summary>
    public unsafe void SetBrokerRtt(int brokerId, TimeSpan rtt)
    {
        CheckBroker(brokerId);
        Check(LibRdKafka.MockBrokerSetRtt(cluster, brokerId, (int)rtt.TotalMilliseconds), $"set broker {brokerId} RTT");
    }

    /// <summary>Makes the next requests of one type fail with the given errors, in order, on any broker.</summary>
    public unsafe void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = errors.Select(e => (int)e).ToArray();
        fixed (int* p = codes)
        {
            LibRdKafka.MockPushRequestErrorsArray(cluster, (short)apiKey, (nuint)codes.Length, p);
        }
    }

    /// <summary>Drops errors pushed with <see cref="PushRequestErrors"/> that were not consumed yet.</summary>
    public unsafe void ClearRequestErrors(KafkaApiKey apiKey) => LibRdKafka.MockClearRequestErrors(cluster, (short)apiKey);

    /// <summary>Makes metadata report an error for a topic; <see cref="ErrorCode.NoError"/> clears it.</summary>
    public unsafe void SetTopicError(string topic, ErrorCode error) =>
        WithUtf8(topic, t => LibRdKafka.MockTopicSetError(cluster, t, (int)error));

    private IPEndPoint? PickBroker()
    {
        lock (gate)
        {
            for (var i = 0; i < brokers.Length; i++)
            {
                if (!down[i])
                {
                    return brokers[i];
                }
            }
        }

        return null;
    }

    private void CheckBroker(int brokerId)
    {
        if (brokerId < 1 || brokerId > brokers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"Broker ids are 1 to {brokers.Length}.");
        }
    }

    private static unsafe void Check(int err, string what)
    {
        if (err != 0)
        {
            throw new KafkaException(new Error((ErrorCode)err, $"Embedded Kafka could not {what}: {LibRdKafka.ErrorText(err)}"));
        }
    }

    private static unsafe void SetConf(nint conf, string name, string value)
    {
        var error = stackalloc byte[512];
        var n = Encoding.UTF8.GetBytes(name + "\0");
        var v = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pn = n, pv = v)
        {
            if (LibRdKafka.ConfSet(conf, pn, pv, error, 512) != 0)
            {
                throw new InvalidOperationException($"librdkafka rejected {name}={value}: {Marshal.PtrToStringUTF8((nint)error)}");
            }
        }
    }

    private static unsafe int WithUtf8(string s, Func<nint, int> call)
    {
        var bytes = Encoding.UTF8.GetBytes(s + "\0");
        fixed (byte* p = bytes)
        {
            return call((nint)p);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await forwarder.DisposeAsync();
        DestroyCluster();
    }

    private unsafe void DestroyCluster()
    {
        LibRdKafka.MockClusterDestroy(cluster);
        LibRdKafka.Destroy(handle);
    }
}

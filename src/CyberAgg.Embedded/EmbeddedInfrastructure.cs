using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;

namespace CyberAgg.Embedded;

/// <summary>The embedded Kafka and ClickHouse started together, stopped in reverse order.</summary>
public sealed class EmbeddedInfrastructure : IAsyncDisposable
{
    private EmbeddedInfrastructure(EmbeddedKafka? kafka, EmbeddedClickHouse? clickHouse)
    {
        Kafka = kafka;
        ClickHouse = clickHouse;
    }

    public EmbeddedKafka? Kafka { get; }

    public EmbeddedClickHouse? ClickHouse { get; }

    /// <summary>Starts the parts the options ask for; on failure, stops what already started.</summary>
    public static async Task<EmbeddedInfrastructure> StartAsync(InfrastructureOptions options, TextWriter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmbeddedKafka? kafka = null;
        try
        {
            kafka = options.Kafka is null ? null : EmbeddedKafka.Start(options.Kafka);
            EmbeddedClickHouse? clickHouse = null;
            if (options.ClickHouse is { } ch)
            {
                ch.DataPath = Path.Combine(options.DataDirectory, "clickhouse");
                clickHouse = await EmbeddedClickHouse.StartAsync(ch, progress, cancellationToken);
            }

            return new EmbeddedInfrastructure(kafka, clickHouse);
        }
        catch
        {
            if (kafka is not null)
            {
                await kafka.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ClickHouse is not null)
        {
            await ClickHouse.DisposeAsync();
        }

        if (Kafka is not null)
        {
            await Kafka.DisposeAsync();
        }
    }
}

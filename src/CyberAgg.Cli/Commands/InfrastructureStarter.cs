using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Storage.Schema;

namespace CyberAgg.Cli.Commands;

/// <summary>Starts the embedded infrastructure for a command and turns start-up failures into one-line errors.</summary>
internal static class InfrastructureStarter
{
    /// <summary>Returns the running infrastructure with the schema applied, or null after printing why it could not start.</summary>
    public static async Task<EmbeddedInfrastructure?> StartOrReportAsync(InfrastructureOptions options, TextWriter errors, CancellationToken cancellationToken)
    {
        EmbeddedInfrastructure infra;
        // The correlator signs alerts with, and the API and sharing service verify against, the keys kept beside the data.
        CyberAgg.Events.Alerts.AlertKeyRing.UseDataDirectory(options.DataDirectory);
        try
        {
            infra = await EmbeddedInfrastructure.StartAsync(options, errors, cancellationToken);
        }
        catch (PortInUseException e)
        {
            var flag = e.Component == "kafka" ? "--kafka-port" : "--clickhouse-port";
            await errors.WriteLineAsync($"error: port {e.Port} ({e.Component}) is already in use; stop what holds it or choose another port with {flag}.");
            return null;
        }
        catch (ChdbUnavailableException e)
        {
            await errors.WriteLineAsync("error: " + e.Message);
            return null;
        }

        if (infra.ClickHouse is { } clickHouse)
        {
            await SchemaMigrator.ApplyAsync(clickHouse.ConnectionString(), SchemaMigrations.DefaultDatabase, cancellationToken);
        }

        return infra;
    }
}

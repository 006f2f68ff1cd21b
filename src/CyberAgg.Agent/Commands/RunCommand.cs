using System.CommandLine;
using System.Runtime.InteropServices;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Configuration;
using OpenTelemetry.Metrics;

namespace CyberAgg.Agent.Commands;

/// <summary><c>cyberagg-agent run</c>: runs until SIGTERM or Ctrl-C, then flushes to Kafka or spools, and exits 0.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var command = new Command("run", "Collect from the configured inputs and ship to Kafka until stopped (SIGTERM, SIGINT).") { config, set };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config), parse.GetValue(set), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? config, string[]? sets, CancellationToken cancellationToken)
    {
        Settings.AgentOptions options;
        try
        {
            options = CommonOptions.Load(config, sets);
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync("configuration error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SIGTERM is how systemd, Kubernetes and 'kill' ask to stop: cancel and shut down cleanly instead of dying.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        using var loggers = AgentHosting.CreateLoggers(options.Telemetry);
        using var telemetry = new AgentTelemetry();
        MeterProvider? metrics = null;
        HealthEndpoint? health = null;
        try
        {
            try
            {
                metrics = AgentHosting.CreateMeterProvider(options.Telemetry);
            }
            catch (InvalidOperationException e) when (e.InnerException is System.Net.HttpListenerException or UriFormatException)
            {
                // HttpListener cannot bind a wildcard such as 0.0.0.0: name the address the probes and Prometheus use.
                await Console.Error.WriteLineAsync($"cyberagg-agent: cannot start: telemetry.prometheus: {options.Telemetry.Prometheus} cannot be served ({e.InnerException.Message}); give the address to listen on, e.g. http://127.0.0.1:9464/ or the pod's IP.").ConfigureAwait(false);
                return 1;
            }

            health = options.Telemetry.Prometheus is { } prometheus ? HealthEndpoint.Start(prometheus, options.Kafka) : null;
            await using var runner = new AgentRunner(options, loggers, TimeProvider.System, telemetry);
            await runner.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (System.Net.HttpListenerException e)
        {
            await Console.Error.WriteLineAsync($"cyberagg-agent: cannot start: telemetry.prometheus: {options.Telemetry.Prometheus} cannot be served ({e.Message}); stop what holds the port or choose another one in telemetry.prometheus.").ConfigureAwait(false);
            return 1;
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            await Console.Error.WriteLineAsync("cyberagg-agent: cannot start: " + InputPorts.Explain(options.Inputs, e)).ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidDataException)
        {
            // Startup problems (spool not writable, corrupt checkpoint) get one clear line, not a stack trace.
            await Console.Error.WriteLineAsync("cyberagg-agent: cannot start: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            health?.Dispose();
            metrics?.Dispose();
        }

        return 0;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Configuration;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;

namespace CyberAgg.Agent.Commands;

/// <summary><c>cyberagg-agent validate</c>: checks the configuration, the inputs, the spool and that Kafka answers.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var set = CommonOptions.Set();
        var timeout = new Option<int>("--timeout-ms") { Description = "How long to wait for Kafka to answer.", DefaultValueFactory = _ => 5000 };
        var command = new Command("validate", "Check the configuration and that Kafka is reachable; prints one line per check and exits non-zero on any failure.") { config, set, timeout };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(config), parse.GetValue(set), TimeSpan.FromMilliseconds(parse.GetValue(timeout)), Console.Out)));
        return command;
    }

    public static int Run(FileInfo? config, string[]? sets, TimeSpan timeout, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        AgentOptions options;
        try
        {
            options = CommonOptions.Load(config, sets);
        }
        catch (ConfigurationException e)
        {
            Report(output, "config", false, e.Message);
            return 2;
        }

        var ok = true;
        Report(output, "config", true, $"{config?.FullName ?? "(no file)"}: partner {options.Identity.Partner}, country {options.Identity.Country}, sensor {options.Identity.Name}");
        for (var i = 0; i < options.Inputs.Count; i++)
        {
            ok &= CheckInput(output, options.Inputs[i], i);
        }

        ok &= CheckDirectory(output, "spool", options.Spool.Dir, $"limit {options.Spool.MaxBytes} bytes, when full: {(options.Spool.WhenFull == SpoolFullPolicy.Block ? "block" : "drop_oldest")}");
        ok &= CheckDirectory(output, "state", options.Identity.DataDir, "file checkpoints");
        ok &= CheckKafka(output, options, timeout);
        output.WriteLine(ok ? "OK: the agent can run with this configuration." : "FAILED: fix the lines marked FAIL above.");
        return ok ? 0 : 1;
    }

    private static bool CheckInput(TextWriter output, InputOptions input, int index)
    {
        var type = input.Type switch
        {
            InputType.File => "file",
            InputType.SyslogUdp => "syslog_udp",
            InputType.SyslogTcp => "syslog_tcp",
            _ => "stdin",
        };
        var label = $"{input.Name} ({type})";
        switch (input.Type)
        {
            case InputType.File:
                var files = FileGlob.Expand(input.Paths).Count();
                // No match yet is fine (the file may appear later), but worth saying.
                Report(output, "input", true, $"{label}: {files} file(s) match {string.Join(", ", input.Paths)}{(files == 0 ? " (none yet; they are picked up when they appear)" : "")}");
                return true;
            case InputType.SyslogUdp or InputType.SyslogTcp:
                try
                {
                    using var socket = input.Type == InputType.SyslogUdp
                        ? new Socket(input.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
                        : new Socket(input.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(input.Listen);
                    if (input.Tls is { } tls)
                    {
                        using var loaded = new SyslogTls(tls, input.Name);
                        label += loaded.RequiresClientCertificate ? " over TLS, client certificates required" : " over TLS";
                    }

                    var senders = input.Allow.Count == 0 ? "any sender" : "senders in " + string.Join(", ", input.Allow);
                    Report(output, "input", true, $"{label}: {input.Listen} is free; accepts {senders}");
                    return true;
                }
                catch (ConfigurationException e)
                {
                    Report(output, "input", false, $"{label}: {e.Message}");
                    return false;
                }
                catch (SocketException e)
                {
                    Report(output, "input", false, $"{label}: cannot listen on {input.Listen} ({e.SocketErrorCode}); another process holds it, or choose another address with inputs.{index}.listen");
                    return false;
                }

            default:
                Report(output, "input", true, $"{label}: reads standard input");
                return true;
        }
    }

    private static bool CheckDirectory(TextWriter output, string what, string directory, string detail)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ".validate-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            Report(output, what, true, $"{Path.GetFullPath(directory)} is writable; {detail}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(output, what, false, $"{Path.GetFullPath(directory)} is not writable ({e.Message}); create it or point the setting elsewhere");
            return false;
        }
    }

    private static bool CheckKafka(TextWriter output, AgentOptions options, TimeSpan timeout)
    {
        var config = new AdminClientConfig(options.Kafka.ToProducerConfig()) { SocketTimeoutMs = (int)timeout.TotalMilliseconds };
        using var admin = KafkaClients.Admin(config, "agent validate");
        try
        {
            var metadata = admin.GetMetadata(options.Delivery.Topic, timeout);
            var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.Delivery.Topic);
            var topicText = topic is null || topic.Error.IsError
                ? $"topic {options.Delivery.Topic} not found (created on first use if the cluster allows it; otherwise create it)"
                : $"topic {options.Delivery.Topic} has {topic.Partitions.Count} partition(s)";
            Report(output, "kafka", true, $"{options.Kafka}: {metadata.Brokers.Count} broker(s); {topicText}");
            return true;
        }
        catch (KafkaException e)
        {
            Report(output, "kafka", false, $"{options.Kafka} did not answer within {timeout.TotalSeconds:0.#} s ({e.Error.Reason}); check kafka.bootstrap and the network (the agent would spool until it answers)");
            return false;
        }
    }

    private static void Report(TextWriter output, string what, bool ok, string detail) =>
        output.WriteLine($"{what,-7} {(ok ? "ok  " : "FAIL")} {detail}");
}

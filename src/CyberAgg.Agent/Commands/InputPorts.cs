using System.Net.Sockets;
using CyberAgg.Agent.Settings;

namespace CyberAgg.Agent.Commands;

/// <summary>Names the input whose address is taken, so "address already in use" comes with the port and the key to change.</summary>
internal static class InputPorts
{
    /// <summary>The one-line explanation of <paramref name="error"/>: which <c>inputs.N.listen</c> cannot be bound.</summary>
    public static string Explain(IReadOnlyList<InputOptions> inputs, SocketException error)
    {
        // The runner has released its own sockets by now: whichever address still cannot be bound is the one held elsewhere.
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Type is not (InputType.SyslogTcp or InputType.SyslogUdp))
            {
                continue;
            }

            var udp = input.Type == InputType.SyslogUdp;
            try
            {
                using var socket = new Socket(input.Listen.AddressFamily, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
                socket.Bind(input.Listen);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return $"inputs.{i}.listen: {input.Listen} ({(udp ? "udp" : "tcp")}, input {input.Name}) is already in use; stop what holds it or choose another port in inputs.{i}.listen.";
            }
        }

        return $"{error.Message}; check the listen addresses of the inputs (inputs.N.listen) and telemetry.prometheus.";
    }
}

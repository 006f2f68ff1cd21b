using System.Net;
using System.Net.Sockets;

namespace CyberAgg.Embedded.Kafka;

/// <summary>
/// A TCP listener on the fixed bootstrap address that relays each connection to a live mock broker.
/// </summary>
/// <remarks>
/// The mock brokers listen on ephemeral ports and <c>rd_kafka_mock_broker_set_host_port</c> only changes what
/// they advertise, so a client started separately (an agent, kcat, python) could not find them. It only needs
/// the bootstrap connection: the metadata answer carries the brokers' real addresses, which it then uses.
/// </remarks>
internal sealed class BootstrapForwarder : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<IPEndPoint?> pickBroker;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private readonly HashSet<TcpClient> open = [];

    private BootstrapForwarder(TcpListener listener, Func<IPEndPoint?> pickBroker)
    {
        this.listener = listener;
        this.pickBroker = pickBroker;
        acceptLoop = Task.Run(AcceptAsync);
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)listener.LocalEndpoint;

    public static BootstrapForwarder Start(IPAddress address, int port, Func<IPEndPoint?> pickBroker)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            listener.Dispose();
            throw new PortInUseException("kafka", port, e);
        }

        return new BootstrapForwarder(listener, pickBroker);
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        lock (open)
        {
            open.Add(client);
            open.Add(upstream);
        }

        try
        {
            var broker = pickBroker();
            if (broker is null)
            {
                // Every broker is down: closing the connection is what a dead bootstrap server looks like.
                return;
            }

            client.NoDelay = true;
            upstream.NoDelay = true;
            await upstream.ConnectAsync(broker, stopping.Token);
            using var relay = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            var a = client.GetStream();
            var b = upstream.GetStream();
            var first = await Task.WhenAny(a.CopyToAsync(b, relay.Token), b.CopyToAsync(a, relay.Token));
            await relay.CancelAsync();
            await first;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A peer hung up or the broker went down: the client sees a closed connection and retries, as with a real broker.
        }
        finally
        {
            lock (open)
            {
                open.Remove(client);
                open.Remove(upstream);
            }

            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        lock (open)
        {
            foreach (var c in open)
            {
                c.Dispose();
            }
        }

        await acceptLoop;
        stopping.Dispose();
    }
}

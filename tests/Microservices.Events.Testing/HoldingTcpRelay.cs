using System.Net;
using System.Net.Sockets;

namespace Microservices.Events.Testing;

/// <summary>
/// A TCP relay in front of a real server whose server-to-client direction can be held: while held, every byte the
/// server sends is kept back (in order) and delivered when released. A broker that answers late, without touching
/// the broker: the client's requests still reach it, its replies arrive when the test says so. It can also stop
/// reading what clients send (their socket buffers fill and their writes wait, as towards a peer that stopped
/// reading) and cut every connection with a reset, as a peer that went away.
/// </summary>
public sealed class HoldingTcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = NewReleased(released: true);
    private TaskCompletionSource _reading = NewReleased(released: true);
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];

    private HoldingTcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _pumps.Add(AcceptAsync());
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Relays 127.0.0.1:<see cref="Port"/> to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static HoldingTcpRelay To(int targetPort) => new(targetPort);

    /// <summary>From now on the server's bytes are kept back.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            if (_released.Task.IsCompleted)
            {
                _released = NewReleased(released: false);
            }
        }
    }

    /// <summary>From now on nothing the clients send is read.</summary>
    public void StopReadingClients()
    {
        lock (_gate)
        {
            if (_reading.Task.IsCompleted)
            {
                _reading = NewReleased(released: false);
            }
        }
    }

    /// <summary>Closes every relayed connection with a reset on both sides; later connections are relayed as before.</summary>
    public void ResetConnections()
    {
        List<(TcpClient Client, TcpClient Server)> connections;
        lock (_gate)
        {
            connections = [.. _connections];
            _connections.Clear();
            _reading.TrySetResult();
        }

        foreach (var socket in connections.SelectMany(c => new[] { c.Client, c.Server }))
        {
            try
            {
                if (socket.Client is { } open)
                {
                    open.LingerState = new LingerOption(true, 0);
                }

                socket.Close();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Delivers what was kept back, and what follows, as it comes.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _released.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        lock (_gate)
        {
            _reading.TrySetResult();
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll(_pumps.ToArray()).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // Connections torn down with the relay.
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewReleased(bool released)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (released)
        {
            source.SetResult();
        }

        return source;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            lock (_gate)
            {
                _connections.Add((client, server));
                _pumps.Add(PumpAsync(client, server, held: false));
                _pumps.Add(PumpAsync(server, client, held: true));
            }
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool held)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                if (!held)
                {
                    Task reading;
                    lock (_gate)
                    {
                        reading = _reading.Task;
                    }

                    await reading.WaitAsync(_stop.Token);
                }

                var read = await input.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (held)
                {
                    Task released;
                    lock (_gate)
                    {
                        released = _released.Task;
                    }

                    await released.WaitAsync(_stop.Token);
                }

                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // One side went away; the other is closed below.
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Microservices.Events.Testing;

/// <summary>
/// A loopback TCP port that was free a moment ago, for a server the test starts next. Ports come from below Linux's
/// ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), where neither an outgoing connection nor another
/// process's <c>bind(0)</c> can take one between this check and the server's own bind, and none is handed out twice by
/// one test process. Where that range starts too low to leave room, the system picks one (<c>bind(0)</c>).
/// </summary>
public static class FreePort
{
    /// <summary>The ports handed out: from 20000 up to 30999, clear of the fixed infra ports (31xxx).</summary>
    private const int First = 20_000;
    private const int End = 31_000;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly bool BelowEphemeral = EphemeralStart() >= End;
    private static int _next = First + Random.Shared.Next(End - First);

    public static int Next() => Next([]);

    /// <summary>
    /// A free port p such that p plus each of <paramref name="offsets"/> is free too (for a server that also listens on
    /// ports derived from its own, such as RabbitMQ's distribution and metrics ports).
    /// </summary>
    public static int Next(params int[] offsets)
    {
        if (!BelowEphemeral)
        {
            return SystemPicked();
        }

        lock (Gate)
        {
            for (var tried = 0; tried < End - First; tried++)
            {
                var port = _next;
                _next = _next + 1 >= End ? First : _next + 1;
                int[] ports = [port, .. offsets.Select(o => port + o)];
                if (ports.All(p => p is > 1023 and < End && !HandedOut.Contains(p)) && ports.All(CanListen))
                {
                    HandedOut.UnionWith(ports);
                    return port;
                }
            }

            // Every port of the range was handed out: those are long done with by now, so the range starts over.
            HandedOut.Clear();
        }

        return Next(offsets);
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int SystemPicked()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the system's ephemeral range; 0 when it cannot be read.</summary>
    private static int EphemeralStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var first = text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

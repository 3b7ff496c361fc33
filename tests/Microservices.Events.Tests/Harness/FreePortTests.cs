using System.Net;
using System.Net.Sockets;
using Microservices.Events.Testing;

namespace Microservices.Events.Tests.Harness;

/// <summary>
/// The ports tests give the servers they start: below the system's ephemeral range, so no outgoing connection takes
/// one before the server binds it, and never the same twice in one run.
/// </summary>
public sealed class FreePortTests
{
    /// <summary>Whether the system's ephemeral range, read here on its own, leaves FreePort's range below it (else it falls back to the system's pick).</summary>
    private static bool BelowEphemeralRange =>
        File.Exists("/proc/sys/net/ipv4/ip_local_port_range") &&
        int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0]) >= 31_000;

    [Fact]
    public void Ports_are_below_the_ephemeral_range_free_and_never_handed_out_twice()
    {
        if (!BelowEphemeralRange)
        {
            return;
        }

        var ports = Enumerable.Range(0, 200).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 20_000, 30_999));
        Assert.All(ports.Take(5), p =>
        {
            using var listener = new TcpListener(IPAddress.Loopback, p);
            listener.Start();
        });
    }

    [Fact]
    public void A_port_listening_now_is_not_handed_out()
    {
        if (!BelowEphemeralRange)
        {
            return;
        }

        // Every port of a stretch taken: the ones handed out next skip it whatever the starting point.
        var held = new List<TcpListener>();
        try
        {
            var first = FreePort.Next();
            foreach (var port in Enumerable.Range(first + 1, 20))
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }

            var taken = held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToHashSet();
            var next = Enumerable.Range(0, 30).Select(_ => FreePort.Next()).ToList();
            Assert.DoesNotContain(next, taken.Contains);
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public void The_ports_a_server_derives_from_its_own_are_free_and_handed_out_with_it()
    {
        if (!BelowEphemeralRange)
        {
            return;
        }

        var ports = Enumerable.Range(0, 50).SelectMany(_ => FreePort.Next(1000, -2000) is var p ? new[] { p, p + 1000, p - 2000 } : []).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 18_000, 30_999));
    }

    [Theory]
    [InlineData("info: started\nUnhandled exception. System.IO.IOException: Failed to bind to address http://127.0.0.1:20001: address already in use.\n ---> inner\n   at X.Y()\n",
        ": Unhandled exception. System.IO.IOException: Failed to bind to address http://127.0.0.1:20001: address already in use.")]
    [InlineData("Unhandled exception. System.Exception: boom\r\n   at X.Y()", ": Unhandled exception. System.Exception: boom")]
    [InlineData("Unhandled exception. System.Exception: the last line", ": Unhandled exception. System.Exception: the last line")]
    [InlineData("info: started\nfail: something logged\n", "")]
    [InlineData("", "")]
    public void A_process_that_died_of_an_exception_names_it_first(string log, string cause) =>
        Assert.Equal(cause, ServiceProcess.CauseIn(log));
}

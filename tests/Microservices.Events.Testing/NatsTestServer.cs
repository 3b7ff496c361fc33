using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>
/// A NATS server for tests: the one <c>EVENTS_TEST_NATS_URL</c> names (as <c>make test</c> sets it), or a throw-away
/// Debian <c>nats-server</c> started with <c>scripts/nats-test.sh</c> (which installs it when missing) on a free port,
/// with extra server options such as TLS, and stopped on disposal.
/// </summary>
public sealed class NatsTestServer : IAsyncDisposable
{
    public const string UrlVariable = "EVENTS_TEST_NATS_URL";

    private readonly string? _directory;

    private NatsTestServer(string url, string? directory)
    {
        Url = url;
        _directory = directory;
    }

    /// <summary>The client URL, e.g. <c>nats://127.0.0.1:31722</c>.</summary>
    public string Url { get; }

    public int Port => new Uri(Url).Port;

    public static NatsTestServer? FromEnvironment() =>
        Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? new NatsTestServer(url, null) : null;

    /// <summary>Starts a server of its own on a free port; <paramref name="options"/> go to nats-server as they are (<c>--jetstream</c>: JetStream on, its store in the server's own folder).</summary>
    public static async Task<NatsTestServer> StartAsync(params string[] options)
    {
        var directory = Directory.CreateTempSubdirectory("events-nats-").FullName;
        try
        {
            var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            var output = await ExternalCommand.ScriptAsync("nats-test.sh", ["start", directory, port, .. options]);
            return new NatsTestServer(output.Trim().Split('\n')[^1], directory);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            await ExternalCommand.ScriptAsync("nats-test.sh", "stop", _directory);
        }
    }
}

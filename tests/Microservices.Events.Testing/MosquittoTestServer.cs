using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>
/// A throw-away MQTT broker for tests: Debian's <c>mosquitto</c> started with <c>scripts/mosquitto-test.sh</c> (which
/// installs it when missing) on a free port, anonymous, with persistent sessions that keep every queued QoS 1 message
/// and survive <see cref="RestartAsync"/>; stopped and its folder deleted on disposal.
/// </summary>
public sealed class MosquittoTestServer : IAsyncDisposable
{
    private readonly string _directory;

    private MosquittoTestServer(string url, string directory)
    {
        Url = url;
        _directory = directory;
    }

    /// <summary>The broker URL as Argo's <c>mqtt.url</c> takes it, e.g. <c>tcp://127.0.0.1:31883</c>.</summary>
    public string Url { get; }

    public int Port => new Uri(Url).Port;

    /// <summary>Starts a broker of its own on a free port; <paramref name="configLines"/> are added to its mosquitto.conf.</summary>
    public static async Task<MosquittoTestServer> StartAsync(params string[] configLines)
    {
        var directory = Directory.CreateTempSubdirectory("events-mosquitto-").FullName;
        try
        {
            var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            var output = await ExternalCommand.ScriptAsync("mosquitto-test.sh", ["start", directory, port, .. configLines]);
            return new MosquittoTestServer(output.Trim().Split('\n')[^1], directory);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the broker (it saves its sessions) and starts it again on the same port.</summary>
    public Task RestartAsync() => ExternalCommand.ScriptAsync("mosquitto-test.sh", "restart", _directory);

    public async ValueTask DisposeAsync() => await ExternalCommand.ScriptAsync("mosquitto-test.sh", "stop", _directory);
}

using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>
/// A Redis server for tests: the one <c>EVENTS_TEST_REDIS_ADDRESS</c> names (<c>host:port</c>), or a throw-away Debian
/// <c>redis-server</c> started with <c>scripts/redis-test.sh</c> (which installs it when missing) on a free port, with
/// extra server options such as <c>--requirepass</c>, and stopped on disposal.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    public const string AddressVariable = "EVENTS_TEST_REDIS_ADDRESS";

    private readonly string? _directory;

    private RedisTestServer(string address, string? directory)
    {
        Address = address;
        _directory = directory;
    }

    /// <summary>The server's <c>host:port</c>, as Argo's <c>hostAddress</c> takes it, e.g. <c>127.0.0.1:31790</c>.</summary>
    public string Address { get; }

    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    public static RedisTestServer? FromEnvironment() =>
        Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } address ? new RedisTestServer(address, null) : null;

    /// <summary>Starts a server of its own on a free port; <paramref name="options"/> go to redis-server as they are.</summary>
    public static Task<RedisTestServer> StartAsync(params string[] options) => StartOnAsync(FreePort.Next(), options);

    /// <summary>Starts a server of its own on <paramref name="port"/> (e.g. again where a stopped one listened).</summary>
    public static async Task<RedisTestServer> StartOnAsync(int port, params string[] options)
    {
        var directory = Directory.CreateTempSubdirectory("events-redis-").FullName;
        try
        {
            var output = await ExternalCommand.ScriptAsync("redis-test.sh", ["start", directory, port.ToString(CultureInfo.InvariantCulture), .. options]);
            return new RedisTestServer(output.Trim().Split('\n')[^1], directory);
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
            await ExternalCommand.ScriptAsync("redis-test.sh", "stop", _directory);
        }
    }
}

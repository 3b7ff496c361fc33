using System.Globalization;
using Azure.Storage.Queues;

namespace Microservices.Events.Testing;

/// <summary>
/// A real Azure Queue Storage service for tests on a free loopback port (<c>scripts/azurite-test.sh</c>: the queue
/// service of the npm package azurite, installed when missing), with Azurite's development account; stopped on disposal.
/// </summary>
public sealed class AzuriteTestServer : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, documented with Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _directory;

    private AzuriteTestServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the development account on this server, the value of a source's <c>connectionString</c> secret.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};QueueEndpoint=http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName};";

    public static async Task<AzuriteTestServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("events-azurite-").FullName;
        var port = FreePort.Next();
        try
        {
            await ExternalCommand.ScriptAsync("azurite-test.sh", "start", Path.Combine(directory, "server"), port.ToString(CultureInfo.InvariantCulture));
            return new AzuriteTestServer(directory, port);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>A client of <paramref name="queue"/>, created when missing.</summary>
    public async Task<QueueClient> QueueAsync(string queue)
    {
        var client = new QueueClient(ConnectionString, queue);
        await client.CreateIfNotExistsAsync();
        return client;
    }

    /// <summary>How many messages <paramref name="queue"/> holds, visible or not.</summary>
    public async Task<int> CountAsync(string queue) =>
        (await new QueueClient(ConnectionString, queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public async ValueTask DisposeAsync()
    {
        await ExternalCommand.ScriptAsync("azurite-test.sh", "stop", Path.Combine(_directory, "server"));
        Directory.Delete(_directory, recursive: true);
    }
}

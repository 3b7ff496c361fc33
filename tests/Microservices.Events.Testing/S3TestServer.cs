using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>
/// A real S3 API for tests on a free loopback port (<c>scripts/s3-test.sh</c>: the npm package s3rver, installed when
/// missing), holding the objects it was started with; stopped on disposal. Signed requests must carry the access key
/// <see cref="AccessKey"/>; s3rver does not check version 4 signatures, so the secret key is not verified.
/// </summary>
public sealed class S3TestServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly string _directory;

    private S3TestServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>host:port, the form of an S3 source's <c>endpoint</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <param name="objects">The objects, keyed by "bucket/key"; each bucket named here exists.</param>
    public static async Task<S3TestServer> StartAsync(IReadOnlyDictionary<string, string> objects)
    {
        var directory = Directory.CreateTempSubdirectory("events-s3-").FullName;
        var seed = Path.Combine(directory, "seed");
        var port = FreePort.Next();
        try
        {
            foreach (var (path, text) in objects)
            {
                var file = Path.Combine(seed, path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, text);
            }

            Directory.CreateDirectory(seed);
            await ExternalCommand.ScriptAsync("s3-test.sh", "start", Path.Combine(directory, "server"), port.ToString(CultureInfo.InvariantCulture), "--seed", seed);
            return new S3TestServer(directory, port);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ExternalCommand.ScriptAsync("s3-test.sh", "stop", Path.Combine(_directory, "server"));
        Directory.Delete(_directory, recursive: true);
    }
}

namespace Microservices.Events.Tests.Dispatch;

/// <summary>
/// The NATS server of the nats trigger's tests: <c>EVENTS_TEST_NATS_URL</c> when set, else one started here. When none
/// can be had, <see cref="Require"/> fails the test under <c>CI=true</c> and skips it otherwise.
/// </summary>
public sealed class NatsFixture : IAsyncLifetime
{
    private NatsTestServer? _server;
    private string? _unavailable;

    public string Url => _server!.Url;

    public async Task InitializeAsync()
    {
        try
        {
            _server = NatsTestServer.FromEnvironment() ?? await NatsTestServer.StartAsync();
        }
        catch (Exception ex)
        {
            _unavailable = $"NATS is not available for the nats trigger's tests ({ex.Message}). Set {NatsTestServer.UrlVariable}, or install nats-server (scripts/deps.sh).";
        }
    }

    /// <summary>Fails (CI) or skips (elsewhere) the calling test when no NATS server could be had.</summary>
    public void Require()
    {
        if (_unavailable is null)
        {
            return;
        }

        if (RepoPaths.IsCi)
        {
            Assert.Fail(_unavailable);
        }

        Skip.If(true, _unavailable);
    }

    /// <summary>Starts a server of the test's own with these options (TLS, auth), failing or skipping as <see cref="Require"/> does.</summary>
    public static async Task<NatsTestServer> StartOwnAsync(params string[] options)
    {
        try
        {
            return await NatsTestServer.StartAsync(options);
        }
        catch (Exception ex) when (!RepoPaths.IsCi)
        {
            Skip.If(true, $"nats-server could not be started: {ex.Message}");
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

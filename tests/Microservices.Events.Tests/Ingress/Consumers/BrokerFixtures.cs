namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>
/// A broker of the consumer-source tests, started by the project's script on a free port. When it cannot be started,
/// <see cref="Require"/> fails the test under <c>CI=true</c> and skips it otherwise.
/// </summary>
public abstract class BrokerFixture<TServer>(string what) : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private string? _unavailable;

    public TServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            Server = await StartAsync();
        }
        catch (Exception ex)
        {
            _unavailable = $"{what} is not available ({ex.Message}); scripts/deps.sh installs it";
        }
    }

    public void Require()
    {
        if (_unavailable is null)
        {
            return;
        }

        Assert.False(RepoPaths.IsCi, _unavailable);
        Skip.If(true, _unavailable);
    }

    public async Task DisposeAsync()
    {
        if (_unavailable is null)
        {
            await Server.DisposeAsync();
        }
    }

    protected abstract Task<TServer> StartAsync();
}

/// <summary>A Debian nats-server with JetStream on (<c>scripts/nats-test.sh --jetstream</c>).</summary>
public sealed class JetStreamFixture() : BrokerFixture<NatsTestServer>("nats-server -js")
{
    protected override Task<NatsTestServer> StartAsync() => NatsTestServer.StartAsync("--jetstream");
}

/// <summary>A Debian redis-server (<c>scripts/redis-test.sh</c>).</summary>
public sealed class RedisFixture() : BrokerFixture<RedisTestServer>("redis-server")
{
    protected override Task<RedisTestServer> StartAsync() => RedisTestServer.StartAsync();
}

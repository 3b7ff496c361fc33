namespace Microservices.Events.Tests.Mirror;

/// <summary>
/// A throw-away RabbitMQ node of these tests' own, started with scripts/rabbitmq-test.sh and stopped at the end. Not the
/// node <c>EVENTS_TEST_RABBITMQ_PORT</c> names: the durable tests stop and start that one while other test classes run.
/// Without a node the tests fail under <c>CI=true</c> and return early otherwise.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMqTestNode? _node;
    private string? _work;

    public string? Unavailable { get; private set; }

    public RabbitMqTestNode Node => _node ?? throw new InvalidOperationException($"no RabbitMQ: {Unavailable}");

    public async Task InitializeAsync()
    {
        try
        {
            _work = Directory.CreateTempSubdirectory("events-mirror-").FullName;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            _node = await RabbitMqTestNode.StartAsync(Path.Combine(_work, "rabbitmq"));
        }
        catch (Exception ex)
        {
            Unavailable = ex.Message;
        }
    }

    /// <summary>Call first in every test: fails under CI, or returns false (the test returns early) without a node.</summary>
    public bool Available()
    {
        if (Unavailable is null)
        {
            return true;
        }

        Assert.False(RepoPaths.IsCi, $"CI=true and RabbitMQ could not be had: {Unavailable}");
        return false;
    }

    public async Task DisposeAsync()
    {
        if (_node is { Owned: true })
        {
            await _node.StopAsync();
        }

        if (_work is not null)
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

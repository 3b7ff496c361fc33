using Microservices.Events.Cli;

namespace Microservices.Events.Tests.Mirror;

public sealed class EventTailArgumentTests
{
    private static EventTail.Request Rabbit(string url) => new("rabbitmq", new Uri(url), "events.cloudevents", "#", "", "", false, 1);

    [Fact]
    public async Task A_url_that_is_not_AMQP_is_refused_with_the_option_named()
    {
        var errors = new StringWriter();

        Assert.Equal(1, await EventTail.RunAsync(Rabbit("http://localhost:5672/"), TextWriter.Null, errors, CancellationToken.None));
        Assert.StartsWith("error: --url:", errors.ToString());
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_exits_2_with_where_it_was_looked_for()
    {
        var port = FreePort.Next();
        var errors = new StringWriter();

        Assert.Equal(2, await EventTail.RunAsync(Rabbit($"amqp://guest:guest@127.0.0.1:{port}/"), TextWriter.Null, errors, CancellationToken.None));
        Assert.Contains($"RabbitMQ at 127.0.0.1:{port} is not reachable", errors.ToString());
    }

    [Fact]
    public async Task An_unknown_source_is_refused()
    {
        var errors = new StringWriter();

        Assert.Equal(1, await EventTail.RunAsync(Rabbit("amqp://localhost/") with { From = "nats" }, TextWriter.Null, errors, CancellationToken.None));
        Assert.Contains("--from: \"nats\" is not rabbitmq or kafka", errors.ToString());
    }
}

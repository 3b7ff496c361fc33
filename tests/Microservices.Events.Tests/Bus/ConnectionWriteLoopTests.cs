using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>The check that a connection's write loop ended can read it from the RabbitMQ client in use.</summary>
public sealed class ConnectionWriteLoopTests
{
    [Fact]
    public void The_client_in_use_exposes_the_write_loop_the_release_looks_at() => Assert.True(ConnectionWriteLoop.Known);
}

using System.Net.Sockets;
using Microservices.Events.ServiceDefaults;
using Npgsql;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which failures wait for the state database to come back (<see cref="TransientFailures"/>) before the redeliveries that end in <c>_error</c>.</summary>
public sealed class TransientFailuresTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("57P01", true)] // administrator shutdown: the server stops
    [InlineData("57P02", true)] // crash shutdown
    [InlineData("57P03", true)] // cannot connect now: the server is starting
    [InlineData("08006", true)] // connection failure
    [InlineData("08001", true)] // client unable to establish a connection
    [InlineData("53300", true)] // too many connections
    [InlineData("40001", true)] // serialization failure (Npgsql calls it transient)
    [InlineData("23505", false)] // unique violation
    [InlineData("42P01", false)] // undefined table
    [InlineData("28P01", false)] // password authentication failed
    public void A_server_error_is_transient_when_its_sqlstate_says_the_server_is_away(string sqlState, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(Postgres(sqlState)));

    [Fact]
    public void A_connection_that_could_not_be_made_or_broke_is_transient()
    {
        Assert.True(TransientFailures.IsTransient(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(TransientFailures.IsTransient(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
    }

    [Fact]
    public void A_transient_failure_wrapped_in_others_is_found()
    {
        Assert.True(TransientFailures.IsTransient(new InvalidOperationException("claim failed", Postgres("57P01"))));
        Assert.True(TransientFailures.IsTransient(new AggregateException(new TimeoutException(), new InvalidOperationException("batch", Postgres("57P03")))));
    }

    [Fact]
    public void Other_failures_are_not_transient()
    {
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(TransientFailures.IsTransient(new TimeoutException("not a database's")));
        Assert.False(TransientFailures.IsTransient(new AggregateException(new InvalidOperationException("x"), Postgres("23505"))));
    }
}

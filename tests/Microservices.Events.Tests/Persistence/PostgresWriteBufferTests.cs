using Microservices.Events.Persistence.Database;
using Npgsql;

namespace Microservices.Events.Tests.Persistence;

/// <summary>The PostgreSQL state store's write buffer: large enough for a hot trigger's saga row, unless the connection string says otherwise.</summary>
public sealed class PostgresWriteBufferTests
{
    [Fact]
    public void A_connection_string_without_a_write_buffer_size_gets_one_that_holds_a_saga_row()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresStateDatabase.WithDefaults("Host=db.example;Port=5433;Database=events;Username=u;Password=p w;Pooling=true"));

        Assert.Equal(PostgresStateDatabase.DefaultWriteBufferSize, built.WriteBufferSize);
        Assert.Equal(("db.example", 5433, "events", "u", "p w"), (built.Host, built.Port, built.Database, built.Username, built.Password));
    }

    [Theory]
    [InlineData("Host=db;Write Buffer Size=16384")]
    [InlineData("Host=db;write buffer size=16384")]
    [InlineData("Host=db;WriteBufferSize=16384")]
    public void A_write_buffer_size_in_the_connection_string_is_kept(string connectionString)
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresStateDatabase.WithDefaults(connectionString));

        Assert.Equal(16384, built.WriteBufferSize);
    }
}

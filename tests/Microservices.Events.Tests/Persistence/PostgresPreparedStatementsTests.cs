using System.Globalization;
using Microservices.Events.Persistence.Database;
using Npgsql;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// The PostgreSQL state store prepares the statements it runs again and again (Npgsql's automatic preparation), unless
/// the connection string sets its own maximum: the server then skips parsing and planning them.
/// </summary>
[Collection(StateCollection.Name)]
public sealed class PostgresPreparedStatementsTests(PostgresFixture postgres)
{
    [Fact]
    public void A_connection_string_without_a_maximum_of_prepared_statements_gets_one()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresStateDatabase.WithDefaults("Host=db.example;Write Buffer Size=16384"));

        Assert.Equal(PostgresStateDatabase.DefaultMaxAutoPrepare, built.MaxAutoPrepare);
        Assert.Equal(16384, built.WriteBufferSize);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;maxautoprepare=10", 10)]
    public void A_maximum_in_the_connection_string_is_kept(string connectionString, int expected)
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresStateDatabase.WithDefaults(connectionString));

        Assert.Equal(expected, built.MaxAutoPrepare);
        Assert.Equal(PostgresStateDatabase.DefaultWriteBufferSize, built.WriteBufferSize);
    }

    [SkippableTheory]
    [InlineData("", true)]
    [InlineData(";Max Auto Prepare=0", false)]
    public async Task A_statement_run_repeatedly_on_a_connection_is_prepared_on_the_server_unless_turned_off(string suffix, bool prepared)
    {
        var connectionString = await postgres.CreateDatabaseAsync() + suffix;
        await using var database = new PostgresStateDatabase(connectionString);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE claims (id text PRIMARY KEY, n integer NOT NULL)", CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            var written = await connection.ExecuteAsync(
                "INSERT INTO claims (id, n) VALUES (@id, 1) ON CONFLICT (id) DO UPDATE SET n = claims.n + 1", CancellationToken.None, null, ("id", "a"));
            Assert.Equal(1, written);
        }

        var count = Convert.ToInt32(await connection.ScalarAsync("SELECT n FROM claims WHERE id = 'a'", CancellationToken.None), CultureInfo.InvariantCulture);
        var preparedOnServer = Convert.ToInt32(
            await connection.ScalarAsync("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO claims%'", CancellationToken.None),
            CultureInfo.InvariantCulture);
        Assert.Equal(10, count);
        Assert.Equal(prepared ? 1 : 0, preparedOnServer);
    }
}

using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>The state schema is created or migrated on start, once, whoever starts first.</summary>
[Collection(StateCollection.Name)]
public sealed class StateSchemaTests(PostgresFixture postgres)
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Creating_the_schema_twice_is_idempotent(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);

        for (var start = 0; start < 2; start++)
        {
            await using var process = StateProcess.Start(backend);
            var schema = process.GetRequiredService<StateSchema>();
            await schema.EnsureAsync();
            await schema.EnsureAsync();
            await schema.EnsureSagaTableAsync("saga_example");
            await schema.EnsureSagaTableAsync("saga_example");
            Assert.Equal(Migrations.Latest, await schema.VersionAsync());
        }

        await using var check = StateProcess.Start(backend);
        Assert.Equal(Migrations.All.Count, await CountAsync(check, "schema_version"));
        Assert.Equal(0, await CountAsync(check, "saga_example"));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Several_processes_starting_at_once_create_the_schema_once(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        var processes = Enumerable.Range(0, 4).Select(_ => StateProcess.Start(backend)).ToList();
        try
        {
            await Task.WhenAll(processes.Select(p => Task.Run(async () =>
            {
                var schema = p.GetRequiredService<StateSchema>();
                await schema.EnsureAsync();
                await schema.EnsureSagaTableAsync("saga_example");
            })));

            Assert.Equal(Migrations.All.Count, await CountAsync(processes[0], "schema_version"));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_saga_table_on_PostgreSQL_compresses_its_rows_with_LZ4_including_one_made_before_and_its_old_rows_still_read()
    {
        using var backend = await StateBackend.CreateAsync("Postgres", postgres);
        var large = "{\"a\":\"" + string.Concat(Enumerable.Range(0, 4000).Select(i => i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture))) + "\"}";
        await using (var before = StateProcess.Start(backend))
        {
            // As a build before this setting made it: the column has PostgreSQL's default compression.
            await ExecuteAsync(before, before.GetRequiredService<StateDatabase>().SagaTableDdl("saga_example"));
            await ExecuteAsync(before, $"INSERT INTO saga_example VALUES ('{Guid.NewGuid()}', 1, '{large}', now())");
        }

        await using var process = StateProcess.Start(backend);
        await process.GetRequiredService<StateSchema>().EnsureSagaTableAsync("saga_example");
        await ExecuteAsync(process, $"INSERT INTO saga_example VALUES ('{Guid.NewGuid()}', 1, '{large}', now())");

        var lz4 = await ScalarAsync(process, "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)") is 1L;
        Assert.Equal(lz4 ? PostgresStateDatabase.SagaDataCompression : "", await ScalarAsync(process, "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'saga_example'::regclass AND attname = 'data'"));
        Assert.Equal(lz4 ? "pglz,lz4" : "pglz,pglz", await ScalarAsync(process, "SELECT string_agg(pg_column_compression(data), ',' ORDER BY version, updated_at) FROM saga_example"));
        Assert.Equal(2L, await ScalarAsync(process, $"SELECT count(*) FROM saga_example WHERE data::text = '{large}'"));
    }

    [SkippableFact]
    public async Task A_role_that_does_not_own_the_saga_table_starts_and_leaves_its_compression_as_it_is()
    {
        using var backend = await StateBackend.CreateAsync("Postgres", postgres);
        var role = $"events_app_{Guid.NewGuid():N}"[..24];
        await using (var owner = StateProcess.Start(backend))
        {
            await owner.GetRequiredService<StateSchema>().EnsureAsync();
            await ExecuteAsync(owner, owner.GetRequiredService<StateDatabase>().SagaTableDdl("saga_example"));
            await ExecuteAsync(owner, $"CREATE ROLE {role} LOGIN; GRANT ALL ON SCHEMA public TO {role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}");
        }

        try
        {
            var asRole = new Npgsql.NpgsqlConnectionStringBuilder(backend.ConnectionString) { Username = role, Password = null }.ConnectionString;
            await using var process = StateProcess.Start(backend, configure: o => o.ConnectionString = asRole);
            await process.GetRequiredService<StateSchema>().EnsureSagaTableAsync("saga_example");
            await ExecuteAsync(process, $"INSERT INTO saga_example VALUES ('{Guid.NewGuid()}', 1, '{{}}', now())");

            Assert.Equal("", await ScalarAsync(process, "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'saga_example'::regclass AND attname = 'data'"));
            Assert.Equal(1L, await CountAsync(process, "saga_example"));

            // What the start logged as a warning: the table is left as it is, and who can change it.
            await using var database = new PostgresStateDatabase(asRole);
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var transaction = await database.BeginSchemaTransactionAsync(connection, CancellationToken.None);
            var warning = await database.EnsureSagaTableStorageAsync(connection, transaction, "saga_example", CancellationToken.None);
            Assert.StartsWith("saga_example.data keeps PostgreSQL's default compression (pglz): must be owner of table saga_example", warning);
            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await using var owner = StateProcess.Start(backend);
            Npgsql.NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(owner, $"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public void Saga_table_names_are_snake_case_identifiers()
    {
        Assert.Equal("saga_trigger_correlation_state", SagaTableName.For("TriggerCorrelationState"));
        Assert.Equal("saga_http_request_state", SagaTableName.For("HTTPRequestState"));
        Assert.Throws<ArgumentException>(() => SagaTableName.Validate("saga; DROP TABLE x"));
    }

    private static Task<int> ExecuteAsync(IServiceProvider process, string sql) =>
        process.GetRequiredService<StateDatabase>().WriteAsync(connection => connection.ExecuteAsync(sql, CancellationToken.None), CancellationToken.None);

    private static Task<object?> ScalarAsync(IServiceProvider process, string sql) =>
        process.GetRequiredService<StateDatabase>().ReadAsync(connection => connection.ScalarAsync(sql, CancellationToken.None), CancellationToken.None);

    private static async Task<long> CountAsync(IServiceProvider process, string table) =>
        await process.GetRequiredService<StateDatabase>().ReadAsync(
            async connection => Convert.ToInt64(await connection.ScalarAsync($"SELECT COUNT(*) FROM {table}", CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture),
            CancellationToken.None);
}

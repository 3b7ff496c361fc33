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

    [Fact]
    public void Saga_table_names_are_snake_case_identifiers()
    {
        Assert.Equal("saga_trigger_correlation_state", SagaTableName.For("TriggerCorrelationState"));
        Assert.Equal("saga_http_request_state", SagaTableName.For("HTTPRequestState"));
        Assert.Throws<ArgumentException>(() => SagaTableName.Validate("saga; DROP TABLE x"));
    }

    private static async Task<long> CountAsync(IServiceProvider process, string table) =>
        await process.GetRequiredService<StateDatabase>().ReadAsync(
            async connection => Convert.ToInt64(await connection.ScalarAsync($"SELECT COUNT(*) FROM {table}", CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture),
            CancellationToken.None);
}

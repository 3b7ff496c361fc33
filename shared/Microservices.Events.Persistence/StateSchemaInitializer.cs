using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence;

/// <summary>On start: creates or migrates the state schema and every registered saga table, so a bad connection stops the service at once.</summary>
internal sealed class StateSchemaInitializer(IServiceProvider services, IOptions<StateOptions> options, ILogger<StateSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == StateProvider.InMemory)
        {
            logger.LogInformation("State is kept in memory (State:Provider=InMemory): saga state, de-duplication keys and the firing ledger are lost on restart");
            return;
        }

        var database = services.GetRequiredService<StateDatabase>();
        var schema = services.GetRequiredService<StateSchema>();
        await schema.EnsureAsync(cancellationToken);
        foreach (var table in services.GetServices<SagaTableRegistration>().Select(r => r.Table).Distinct(StringComparer.Ordinal))
        {
            await schema.EnsureSagaTableAsync(table, cancellationToken);
        }

        logger.LogInformation("State: {Database}, schema version {Version}", database.Describe(), await schema.VersionAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microservices.Events.Persistence.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence;

/// <summary>Readiness: the state database answers a query.</summary>
internal sealed class StateHealthCheck(IServiceProvider services, IOptions<StateOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Provider == StateProvider.InMemory)
        {
            return HealthCheckResult.Healthy("in memory");
        }

        var database = services.GetRequiredService<StateDatabase>();
        try
        {
            await database.ReadAsync(async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                return await command.ExecuteScalarAsync(cancellationToken);
            }, cancellationToken);
            return HealthCheckResult.Healthy(database.Describe());
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy(database.Describe(), ex);
        }
    }
}

using Microservices.Events.Persistence.Calendar;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Failures;
using Microservices.Events.Persistence.Resources;
using Microservices.Events.Persistence.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence;

/// <summary>
/// <c>AddEventsState()</c>: the state database chosen by <c>State:Provider</c> (schema created or migrated on start),
/// the de-duplication store, the firing ledger, the failed firings, the calendar tick store, the cleanup of expired entries and a readiness check. Idempotent.
/// </summary>
public static class StateRegistration
{
    public static IHostApplicationBuilder AddEventsState(this IHostApplicationBuilder builder, Action<StateOptions>? configure = null)
    {
        builder.Services.AddEventsState(configure);
        return builder;
    }

    public static IServiceCollection AddEventsState(this IServiceCollection services, Action<StateOptions>? configure = null)
    {
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(StateSchema)))
        {
            return services;
        }

        services.AddOptions<StateOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<StateOptions>, StateOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<StateOptions>, StateOptionsSetup>();
        services.AddSingleton<IValidateOptions<StateOptions>, StateOptionsSetup>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateDatabase);
        services.TryAddSingleton<StateSchema>();
        services.TryAddSingleton(sp => new DeduplicationStore(
            ClaimTable(sp, "dedup_keys", "source", "event_id"), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<StateOptions>>()));
        services.TryAddSingleton(sp => new FiringLedgerStore(
            ClaimTable(sp, "firing_ledger", "firing_id"), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<StateOptions>>()));
        services.TryAddSingleton<IFailedFiringStore>(sp => sp.GetRequiredService<IOptions<StateOptions>>().Value.Provider == StateProvider.InMemory
            ? new InMemoryFailedFiringStore()
            : new SqlFailedFiringStore(sp.GetRequiredService<StateDatabase>(), sp.GetRequiredService<StateSchema>()));
        services.TryAddSingleton<ICalendarTickStore>(sp => sp.GetRequiredService<IOptions<StateOptions>>().Value.Provider == StateProvider.InMemory
            ? new InMemoryCalendarTickStore()
            : new SqlCalendarTickStore(sp.GetRequiredService<StateDatabase>(), sp.GetRequiredService<StateSchema>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IResourceVersionStore>(sp => sp.GetRequiredService<IOptions<StateOptions>>().Value.Provider == StateProvider.InMemory
            ? new InMemoryResourceVersionStore()
            : new SqlResourceVersionStore(sp.GetRequiredService<StateDatabase>(), sp.GetRequiredService<StateSchema>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<StateSchemaInitializer>();
        services.AddHostedService<ExpiredStateCleanup>();
        services.AddHealthChecks().AddCheck<StateHealthCheck>("state");
        return services;
    }

    /// <summary>The provider chosen by configuration, without building the options pipeline (for registration-time decisions).</summary>
    public static StateProvider ConfiguredProvider(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Enum.TryParse<StateProvider>(configuration[$"{StateOptions.Section}:Provider"], ignoreCase: true, out var provider) ? provider : StateProvider.Sqlite;

    private static StateDatabase CreateDatabase(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StateOptions>>().Value;
        return options.Provider switch
        {
            StateProvider.Sqlite => new SqliteStateDatabase(options.ConnectionString!, options.SqliteBusyTimeoutMilliseconds,
                TimeSpan.FromMilliseconds(options.SqliteCheckpointIntervalMilliseconds), SqliteStateDatabase.WalLimitPages,
                services.GetRequiredService<ILoggerFactory>().CreateLogger<SqliteStateDatabase>()),
            StateProvider.Postgres => new PostgresStateDatabase(options.ConnectionString!),
            _ => throw new InvalidOperationException($"{StateOptions.Section}:Provider is {options.Provider}: there is no state database; use the in-memory saga repository and stores"),
        };
    }

    private static IClaimTable ClaimTable(IServiceProvider services, string table, params string[] keyColumns) =>
        services.GetRequiredService<IOptions<StateOptions>>().Value.Provider == StateProvider.InMemory
            ? new InMemoryClaimTable()
            : new SqlClaimTable(services.GetRequiredService<StateDatabase>(), services.GetRequiredService<StateSchema>(), table,
                services.GetRequiredService<IOptions<StateOptions>>().Value.ClaimBatchSize, keyColumns);
}

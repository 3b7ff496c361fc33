using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Persistence;

/// <summary><c>State</c> and <c>ConnectionStrings:State</c>: defaults, binding and validation on start.</summary>
public sealed class StateOptionsTests
{
    [Fact]
    public async Task By_default_state_is_a_SQLite_file_under_the_content_root_created_on_start()
    {
        var root = Directory.CreateTempSubdirectory("events-root-").FullName;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root, DisableDefaults = true });
            builder.AddEventsState();
            using var host = builder.Build();

            var options = host.Services.GetRequiredService<IOptions<StateOptions>>().Value;
            Assert.Equal(StateProvider.Sqlite, options.Provider);
            var file = Path.Combine(root, ".state", "events.db");
            Assert.Equal($"SQLite {file}", host.Services.GetRequiredService<StateDatabase>().Describe());

            await host.StartAsync();
            Assert.True(File.Exists(file));
            await host.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_provider_and_connection_string_come_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["State:Provider"] = "postgres";
        builder.Configuration["ConnectionStrings:State"] = "Host=db;Database=events;Username=u;Password=secret";
        builder.Configuration["State:FiringLeaseSeconds"] = "30";
        builder.AddEventsState();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<StateOptions>>().Value;
        Assert.Equal(StateProvider.Postgres, options.Provider);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FiringLease);
        Assert.Equal("PostgreSQL db:5432/events", host.Services.GetRequiredService<StateDatabase>().Describe());
    }

    [Theory]
    [InlineData("Postgres", null, "ConnectionStrings:State: required when State:Provider is Postgres")]
    [InlineData("Sqlite", "Data Source=:memory:", "SQLite needs a file")]
    [InlineData("Sqlite", "Data Source=x.db;Frobnicate=1", "not a SQLite connection string")]
    public async Task A_bad_state_configuration_stops_the_start_naming_the_key(string provider, string? connectionString, string message)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["State:Provider"] = provider;
        builder.Configuration["ConnectionStrings:State"] = connectionString;
        builder.AddEventsState();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_lease_out_of_range_stops_the_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["State:Provider"] = "InMemory";
        builder.Configuration["State:FiringLeaseSeconds"] = "0";
        builder.AddEventsState();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("State:FiringLeaseSeconds", error.Message);
    }

    [Fact]
    public async Task A_claim_batch_size_below_one_stops_the_start_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["State:Provider"] = "InMemory";
        builder.Configuration["State:ClaimBatchSize"] = "0";
        builder.AddEventsState();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("State:ClaimBatchSize", error.Message);
    }

    [Theory]
    [InlineData("State:MaxSagaStateBytes", "65535")]
    [InlineData("State:MaxSagaStateBytes", "1073741824")]
    [InlineData("State:SqliteCheckpointIntervalMilliseconds", "9")]
    [InlineData("State:SqliteCheckpointIntervalMilliseconds", "60001")]
    public async Task A_setting_out_of_range_stops_the_start_naming_the_key(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["State:Provider"] = "InMemory";
        builder.Configuration[key] = value;
        builder.AddEventsState();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void By_default_a_saga_row_may_hold_four_events_at_the_gateway_data_limit()
    {
        Assert.Equal(4L * new Microservices.Events.BusGateway.GatewayOptions().MaxDataBytes, new StateOptions().MaxSagaStateBytes);
    }
}

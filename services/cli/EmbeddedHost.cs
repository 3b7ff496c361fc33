using Microservices.Events.BusGateway;
using Microservices.Events.Ingress;
using Microservices.Events.Persistence;
using Microservices.Events.SensorState;
using Microservices.Events.SensorState.Replay;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.TriggerDispatch;
using Microservices.Events.TriggerDispatch.Failures;

namespace Microservices.Events.Cli;

/// <summary>
/// All four services in one process on the in-memory bus, plus a <c>/sink</c> endpoint that logs what HTTP triggers send.
/// State (saga instances, de-duplication keys, the firing ledger) is kept in a SQLite file, by default
/// <c>.state/events.db</c> under the working folder, so it survives restarts.
/// </summary>
public static class EmbeddedHost
{
    /// <param name="stateFile">SQLite file for the state; null keeps the configured one (default <c>.state/events.db</c>).</param>
    public static WebApplicationBuilder CreateBuilder(string specsDirectory, string urls, string[]? args = null, string? stateFile = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(EmbeddedHost).Assembly.GetName().Name });
        // Specs:Source=Kubernetes (environment or arguments) reads custom resources instead of the folder.
        var fromResources = string.Equals(builder.Configuration["Specs:Source"], "Kubernetes", StringComparison.OrdinalIgnoreCase);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Specs:Directory"] = fromResources ? null : specsDirectory,
            ["urls"] = urls,
            ["Bus:Transport"] = "InMemory",
        });
        if (stateFile is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StateOptions.Section}:Provider"] = nameof(StateProvider.Sqlite),
                [$"ConnectionStrings:{StateOptions.ConnectionStringName}"] = $"Data Source={Path.GetFullPath(stateFile)}",
            });
        }

        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.AddServiceDefaults("events");
        builder.AddIngress();
        builder.AddBusGateway();
        builder.AddSensorState();
        builder.AddTriggerDispatch();
        builder.AddEventBus(IngressBus.Part, BusGatewayBus.Part, SensorStateBus.Part, TriggerDispatchBus.Part);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseIngress();
        app.MapDefaultEndpoints();
        app.MapFailedFirings();
        app.MapReplay();
        app.MapPost("/sink/{**name}", async (string? name, HttpRequest request, ILoggerFactory loggers) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            loggers.CreateLogger("Sink").LogInformation("HTTP trigger call received at /sink/{Name}: {Body}", name, body);
            return Results.Ok();
        });
        return app;
    }
}

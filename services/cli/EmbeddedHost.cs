using Microservices.Events.BusGateway;
using Microservices.Events.Ingress;
using Microservices.Events.SensorState;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.TriggerDispatch;

namespace Microservices.Events.Cli;

/// <summary>All four services in one process on the in-memory bus, plus a <c>/sink</c> endpoint that logs what HTTP triggers send.</summary>
public static class EmbeddedHost
{
    public static WebApplicationBuilder CreateBuilder(string specsDirectory, string urls, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(EmbeddedHost).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Specs:Directory"] = specsDirectory,
            ["urls"] = urls,
            ["Bus:Transport"] = "InMemory",
        });
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.AddServiceDefaults("events");
        builder.AddIngress();
        builder.AddBusGateway();
        builder.AddSensorState();
        builder.AddTriggerDispatch();
        builder.AddEventBus();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseIngress();
        app.MapDefaultEndpoints();
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

using System.Text.Json;
using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Simulation;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState.Replay;

/// <summary>
/// <c>POST /sensors/{name}/replay</c>: a JSON array of structured-mode CloudEvents (the CloudEvents JSON batch format,
/// at most <see cref="MaxEvents"/>) to match against that sensor only. Each becomes an <see cref="EventReplayed"/> on
/// the bus, in the order given; 202 once the bus accepted all of them, 404 for a sensor that is not loaded, 400 naming
/// the first unusable event, 503 when the bus did not accept them (nothing is lost by sending the batch again: firing
/// ids follow from the events).
/// </summary>
public static class ReplayEndpoints
{
    public const int MaxEvents = 10_000;

    public static IEndpointRouteBuilder MapReplay(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sensors/{name}/replay", async (string name, HttpRequest request, ISpecCatalog catalog, IBus bus, IOptions<BusOptions> busOptions, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!catalog.Current.Sensors.Any(s => s.Name == name))
            {
                return Results.NotFound(new { error = $"sensor \"{name}\" is not loaded" });
            }

            var (events, error) = await ReadAsync(request, cancellationToken);
            if (error is not null)
            {
                return Results.BadRequest(new { error });
            }

            var now = time.GetUtcNow();
            var publishTimeout = TimeSpan.FromSeconds(busOptions.Value.PublishTimeoutSeconds);
            try
            {
                foreach (var @event in events)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(publishTimeout);
                    await bus.Publish(new EventReplayed { Sensor = name, Event = @event, ReplayedAt = now }, timeout.Token);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return Results.Json(new { error = $"the bus did not accept the events: {ex.Message}" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Accepted(value: new { sensor = name, accepted = events.Count });
        });

        return app;
    }

    private static async Task<(IReadOnlyList<EventEnvelope> Events, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return ([], $"body: not JSON ({ex.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ([], "body: must be a JSON array of CloudEvents (application/cloudevents-batch+json)");
            }

            if (document.RootElement.GetArrayLength() > MaxEvents)
            {
                return ([], $"body: at most {MaxEvents} events per request");
            }

            var events = new List<EventEnvelope>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                try
                {
                    events.Add(CloudEventJson.Parse(element.GetRawText()));
                }
                catch (FormatException ex)
                {
                    return ([], $"[{index}]: {ex.Message}");
                }

                index++;
            }

            return (events, null);
        }
    }
}

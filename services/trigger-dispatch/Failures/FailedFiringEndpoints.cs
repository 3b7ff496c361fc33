using System.Text.Json.Nodes;
using Microservices.Events.Persistence.Failures;

namespace Microservices.Events.TriggerDispatch.Failures;

/// <summary>
/// Failed firings over HTTP: <c>GET /firings/failed[?sensor=S&amp;limit=N]</c> (newest first), <c>GET /firings/{id}</c>,
/// <c>POST /firings/{id}/redrive</c> (202 with the new firing id, 404 unknown, 409 re-driven before).
/// </summary>
public static class FailedFiringEndpoints
{
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapFailedFirings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/firings/failed", async (string? sensor, int? limit, IFailedFiringStore store, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > 10_000)
            {
                return Results.BadRequest(new { error = "limit: must be between 1 and 10000" });
            }

            var failed = await store.ListAsync(string.IsNullOrEmpty(sensor) ? null : sensor, limit ?? DefaultLimit, cancellationToken);
            return Results.Ok(failed.Select(Summary));
        });

        app.MapGet("/firings/{id}", async (string id, IFailedFiringStore store, CancellationToken cancellationToken) =>
        {
            if (!Guid.TryParse(id, out var firingId))
            {
                return Results.BadRequest(new { error = $"id: \"{id}\" is not a firing id" });
            }

            return await store.GetAsync(firingId, cancellationToken) is { } failed
                ? Results.Ok(Detail(failed))
                : Results.NotFound(new { error = $"no failed firing {firingId}" });
        });

        app.MapPost("/firings/{id}/redrive", async (string id, FailedFiringRedrive redrive, CancellationToken cancellationToken) =>
        {
            if (!Guid.TryParse(id, out var firingId))
            {
                return Results.BadRequest(new { error = $"id: \"{id}\" is not a firing id" });
            }

            var result = await redrive.RedriveAsync(firingId, cancellationToken);
            return result.Status switch
            {
                RedriveStatus.NotFound => Results.NotFound(new { error = $"no failed firing {firingId}" }),
                RedriveStatus.AlreadyRedriven => Results.Conflict(new { error = $"firing {firingId} was re-driven before", redriveFiringId = result.RedriveFiringId, redrivenAt = result.RedrivenAt }),
                _ => Results.Accepted($"/firings/{result.RedriveFiringId}", new { firingId, redriveFiringId = result.RedriveFiringId, redrivenAt = result.RedrivenAt }),
            };
        });

        return app;
    }

    private static object Summary(FailedFiring f) => new
    {
        f.FiringId, f.Sensor, f.Trigger, f.Kind, f.FailedAt, f.Attempts, f.LastError, f.RedriveOf, f.RedriveFiringId, f.RedrivenAt,
    };

    private static object Detail(FailedFiring f) => new
    {
        f.FiringId, f.Sensor, f.Trigger, f.Kind, f.FailedAt, f.Attempts, f.LastError, f.DeadLetter, f.RedriveOf, f.RedriveFiringId, f.RedrivenAt,
        Request = JsonNode.Parse(f.Request),
        Resolved = f.Resolved is null ? null : JsonNode.Parse(f.Resolved),
    };
}

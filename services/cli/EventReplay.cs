using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;
using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.Contracts;

namespace Microservices.Events.Cli;

/// <summary>
/// <c>events replay</c>: retained events (Kafka mirror or file) whose time lies in [since, until), oldest first, each
/// (source, id) once, sent in batches to sensor-state's <c>POST /sensors/{name}/replay</c>, which matches them
/// against that sensor only. Prints progress per batch. Exit codes: 0 done, 1 the sensor is not loaded or the input
/// is unusable, 2 sensor-state, the bus or Kafka cannot be reached.
/// </summary>
public static class EventReplay
{
    private static readonly JsonEventFormatter Formatter = new();

    public sealed record Request(string Sensor, string From, DateTimeOffset Since, DateTimeOffset? Until, FileInfo? File, string BootstrapServers, string Topic, Uri Url, int BatchSize);

    public static async Task<int> RunAsync(HttpClient http, Request request, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        IReadOnlyList<EventEnvelope> retained;
        switch (request.From)
        {
            case "file":
                if (request.File is not { Exists: true } file)
                {
                    await errors.WriteLineAsync($"error: --file: {request.File?.FullName ?? "required with --from file"}{(request.File is null ? "" : " does not exist")}");
                    return 1;
                }

                retained = RetainedEvents.FromFile(file, errors);
                break;
            case "kafka":
                try
                {
                    retained = await Task.Run(() => RetainedEvents.FromKafka(request.BootstrapServers, request.Topic, errors, cancellationToken), cancellationToken);
                }
                catch (KafkaException ex)
                {
                    await errors.WriteLineAsync($"error: cannot read Kafka topic {request.Topic} at {request.BootstrapServers}: {ex.Error.Reason}");
                    return 2;
                }

                break;
            default:
                await errors.WriteLineAsync($"error: --from: \"{request.From}\" is not kafka or file");
                return 1;
        }

        var selection = Select(retained, request.Since, request.Until);
        await output.WriteLineAsync($"{retained.Count} retained events read; {selection.Events.Count} to replay into sensor {request.Sensor} ({selection.OutsideRange} outside the time range, {selection.Duplicates} repeated ids skipped)");

        var sent = 0;
        foreach (var batch in selection.Events.Chunk(request.BatchSize))
        {
            var (status, error) = await SendAsync(http, request, batch, cancellationToken);
            if (status is not HttpStatusCode.Accepted)
            {
                await errors.WriteLineAsync($"error: {error} ({sent} of {selection.Events.Count} events replayed before)");
                return status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest ? 1 : 2;
            }

            sent += batch.Length;
            await output.WriteLineAsync($"replayed {sent}/{selection.Events.Count} events into sensor {request.Sensor} (up to {batch[^1].Time:O})");
        }

        await output.WriteLineAsync($"done: {sent} events replayed into sensor {request.Sensor}");
        return 0;
    }

    public sealed record Selection(IReadOnlyList<EventEnvelope> Events, int OutsideRange, int Duplicates);

    /// <summary>The events with <c>since &lt;= time &lt; until</c>, oldest first (ties in reading order), each (source, id) once.</summary>
    public static Selection Select(IEnumerable<EventEnvelope> events, DateTimeOffset since, DateTimeOffset? until)
    {
        var seen = new HashSet<(string, string)>();
        var (outside, duplicates) = (0, 0);
        var kept = new List<EventEnvelope>();
        foreach (var @event in events)
        {
            if (@event.Time < since || @event.Time >= until)
            {
                outside++;
            }
            else if (!seen.Add((@event.Source, @event.Id)))
            {
                duplicates++;
            }
            else
            {
                kept.Add(@event);
            }
        }

        return new Selection(kept.OrderBy(e => e.Time).ToList(), outside, duplicates);
    }

    private static async Task<(HttpStatusCode? Status, string Error)> SendAsync(HttpClient http, Request request, EventEnvelope[] batch, CancellationToken cancellationToken)
    {
        var url = new Uri(request.Url, $"sensors/{Uri.EscapeDataString(request.Sensor)}/replay");
        var body = Formatter.EncodeBatchModeMessage(batch.Select(e => CloudEventConversion.ToCloudEvent(e)), out var contentType);
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType.ToString());
        try
        {
            using var response = await http.PostAsync(url, content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = response.StatusCode == HttpStatusCode.Accepted ? "" : ErrorOf(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
            return (response.StatusCode, error);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"{url.GetLeftPart(UriPartial.Authority)} is not reachable: {ex.Message}");
        }
    }

    private static string? ErrorOf(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o && o["error"] is { } e ? e.ToString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return text.Length > 0 ? text : null;
        }
    }
}

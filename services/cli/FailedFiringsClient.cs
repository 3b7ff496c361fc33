using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Cli;

/// <summary>
/// <c>events firings failed|show|redrive</c>: the failed-firing endpoints of trigger-dispatch (or of <c>events run</c>)
/// at <c>--url</c>. Exit codes: 0 done, 1 not found or refused, 2 trigger-dispatch unreachable or answering an error.
/// </summary>
public static class FailedFiringsClient
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> ListAsync(HttpClient http, Uri baseUrl, string? sensor, int? limit, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(sensor))
        {
            query.Add($"sensor={Uri.EscapeDataString(sensor)}");
        }

        if (limit is { } l)
        {
            query.Add($"limit={l.ToString(CultureInfo.InvariantCulture)}");
        }

        var (status, body) = await SendAsync(http, HttpMethod.Get, new Uri(baseUrl, "firings/failed" + (query.Count > 0 ? "?" + string.Join('&', query) : "")), error, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            return Fail(status, body, error);
        }

        var rows = body as JsonArray ?? [];
        if (rows.Count == 0)
        {
            output.WriteLine(sensor is null ? "no failed firings" : $"no failed firings of sensor {sensor}");
            return 0;
        }

        foreach (var row in rows)
        {
            var redriven = row?["redriveFiringId"] is { } r ? $"  re-driven as {r}" : "";
            output.WriteLine($"{row?["firingId"]}  {row?["failedAt"]}  {row?["sensor"]}/{row?["trigger"]}  {row?["kind"]}  attempts {row?["attempts"]}  {row?["lastError"]}{redriven}");
        }

        return 0;
    }

    public static async Task<int> ShowAsync(HttpClient http, Uri baseUrl, string id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(http, HttpMethod.Get, new Uri(baseUrl, $"firings/{Uri.EscapeDataString(id)}"), error, cancellationToken);
        if (status != HttpStatusCode.OK)
        {
            return Fail(status, body, error);
        }

        output.WriteLine(body?.ToJsonString(Indented));
        return 0;
    }

    public static async Task<int> RedriveAsync(HttpClient http, Uri baseUrl, string id, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(http, HttpMethod.Post, new Uri(baseUrl, $"firings/{Uri.EscapeDataString(id)}/redrive"), error, cancellationToken);
        if (status != HttpStatusCode.Accepted)
        {
            return Fail(status, body, error);
        }

        output.WriteLine($"firing {body?["firingId"]} re-driven as firing {body?["redriveFiringId"]}");
        return 0;
    }

    private static async Task<(HttpStatusCode? Status, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, Uri url, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, url), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? body = null;
            try
            {
                body = text.Length > 0 ? JsonNode.Parse(text) : null;
            }
            catch (JsonException)
            {
                body = JsonValue.Create(text);
            }

            return (response.StatusCode, body);
        }
        catch (HttpRequestException ex)
        {
            error.WriteLine($"error: {url.GetLeftPart(UriPartial.Authority)} is not reachable: {ex.Message}");
            return (null, null);
        }
    }

    private static int Fail(HttpStatusCode? status, JsonNode? body, TextWriter error)
    {
        if (status is null)
        {
            return 2;
        }

        var message = body is JsonObject o && o["error"] is { } e ? e.ToString() : body?.ToJsonString() ?? "";
        var extra = body is JsonObject c && c["redriveFiringId"] is { } redrive ? $" as firing {redrive}" : "";
        error.WriteLine($"error: {message}{extra}");
        return status is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.BadRequest ? 1 : 2;
    }
}

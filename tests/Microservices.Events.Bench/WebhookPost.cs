using System.Diagnostics;
using System.Net.Http.Headers;

namespace Microservices.Events.Bench;

/// <summary>One webhook POST of a bench event: the timestamp of its 200, or null when it was refused or failed.</summary>
public static class WebhookPost
{
    public static async Task<long?> SendAsync(HttpClient http, string url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.PostAsync(url, content);
            return response.IsSuccessStatusCode ? Stopwatch.GetTimestamp() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}

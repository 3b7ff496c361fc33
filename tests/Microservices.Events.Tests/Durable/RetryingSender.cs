using System.Globalization;
using System.Net;
using System.Text;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// Sends one webhook event until it is accepted, as a careful producer would: after a 503 it waits the answer's
/// Retry-After (at most <see cref="MaxWait"/>), after a connection error or another answer 200 ms, then sends the
/// event again. Each attempt is numbered from 1, so a receiver can tell a resent event from the first one.
/// </summary>
public sealed class RetryingSender(HttpClient http, TimeSpan maxWait)
{
    private int _refusals;

    /// <summary>The longest wait between two attempts, whatever Retry-After says.</summary>
    public TimeSpan MaxWait { get; } = maxWait;

    /// <summary>Answers other than 200 and connection errors, each followed by another attempt.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>
    /// POSTs the JSON <paramref name="body"/> of each attempt to <paramref name="url"/> until one is answered 200 or
    /// <paramref name="giveUpAfter"/> has passed; returns the accepted attempt's number, or null. Each attempt's answer
    /// goes to <paramref name="answered"/> as it comes.
    /// </summary>
    public async Task<int?> SendAsync(string url, Func<int, string> body, TimeSpan giveUpAfter, Action<SendAnswer>? answered = null)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        for (var attempt = 1; DateTime.UtcNow < deadline; attempt++)
        {
            var wait = TimeSpan.FromMilliseconds(200);
            var sentAt = DateTimeOffset.UtcNow;
            try
            {
                using var response = await http.PostAsync(url, new StringContent(body(attempt), Encoding.UTF8, "application/json"));
                answered?.Invoke(new SendAnswer(attempt, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), sentAt, DateTimeOffset.UtcNow));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return attempt;
                }

                if (response.Headers.RetryAfter?.Delta is { } delta)
                {
                    wait = delta < MaxWait ? delta : MaxWait;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                answered?.Invoke(new SendAnswer(attempt, ex is TaskCanceledException ? "timed out" : "connection error", sentAt, DateTimeOffset.UtcNow));
            }

            Interlocked.Increment(ref _refusals);
            await Task.Delay(wait);
        }

        return null;
    }
}

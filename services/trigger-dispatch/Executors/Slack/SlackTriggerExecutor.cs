using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.TriggerDispatch.Executors.Slack;

/// <summary>
/// The <c>slack</c> trigger: posts with Slack's Web API <c>chat.postMessage</c> (bearer token from <c>slackToken</c>,
/// JSON body). Success is Slack's <c>"ok": true</c>; its <c>error</c> is the reason of a failure. Messages with a
/// <c>thread.messageAggregationKey</c> after the first go to the first one's thread.
/// </summary>
public sealed class SlackTriggerExecutor(IHttpClientFactory clients, SecretResolver secrets, SlackThreads threads, IOptions<SlackOptions> options) : ITriggerExecutor
{
    public const string ClientName = "slack-trigger";

    public string Kind => "slack";

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<SlackThreads>();
    }

    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        TriggerKindSpec.Read<SlackTrigger>(template, Kind) is { } slack
            ? SlackTriggerValidator.Problems(slack).Select(p => p.ToString()).ToList()
            : ["slack: missing"];

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var slack = TriggerKindSpec.Read<SlackTrigger>(execution.Template, Kind)!;
        if (secrets.Resolve(slack.SlackToken) is not { Length: > 0 } token)
        {
            return TriggerOutcome.Fail($"slackToken: secret \"{slack.SlackToken?.Name}\" has no key \"{slack.SlackToken?.Key}\"");
        }

        var channel = SlackMessage.Channel(slack);
        var trigger = execution.Template.Name ?? "";
        var key = slack.Thread?.MessageAggregationKey;
        var threadTs = string.IsNullOrEmpty(key) ? null : threads.Find(execution.Sensor, trigger, channel, key);
        var body = SlackMessage.Build(slack, threadTs);

        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.MethodUrl("chat.postMessage"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(body.ToJsonString(JsonText.Options), Encoding.UTF8, "application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? $", retry after {delta.TotalSeconds:0} s" : "";
                return TriggerOutcome.Fail($"chat.postMessage to {channel} answered {(int)response.StatusCode}{retryAfter}");
            }

            var (ok, error, ts) = ReadAnswer(text);
            if (!ok)
            {
                return TriggerOutcome.Fail($"chat.postMessage to {channel} failed: {error}");
            }

            if (!string.IsNullOrEmpty(key) && threadTs is null && ts is not null)
            {
                threads.Remember(execution.Sensor, trigger, channel, key, ts);
            }

            return TriggerOutcome.Ok(threadTs is null ? $"posted to {channel} (ts {ts})" : $"posted to {channel} in thread {threadTs} (ts {ts})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TriggerOutcome.Fail($"chat.postMessage to {channel} timed out");
        }
        catch (HttpRequestException ex)
        {
            return TriggerOutcome.Fail($"chat.postMessage to {channel} failed: {ex.Message}");
        }
    }

    /// <summary>Slack's answer: <c>{"ok": true, "ts": ...}</c> or <c>{"ok": false, "error": ...}</c>.</summary>
    private static (bool Ok, string Error, string? Ts) ReadAnswer(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (false, "the answer has no \"ok\" field", null);
            }

            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown error";
            var ts = root.TryGetProperty("ts", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (ok.GetBoolean(), error, ts);
        }
        catch (JsonException)
        {
            return (false, "the answer is not JSON", null);
        }
    }
}

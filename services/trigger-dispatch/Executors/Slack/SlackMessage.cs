using System.Text.Json.Nodes;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.TriggerDispatch.Executors.Slack;

/// <summary>The JSON body of <c>chat.postMessage</c> for a slack trigger, as Argo's Slack service sends it.</summary>
public static class SlackMessage
{
    /// <summary>The channel as Slack expects it: without a leading <c>#</c>.</summary>
    public static string Channel(SlackTrigger slack) => (slack.Channel ?? "").TrimStart('#');

    /// <param name="slack">A spec <see cref="SlackTriggerValidator.Problems"/> accepted.</param>
    /// <param name="threadTs">The thread the message replies in (its aggregation key posted before), or null.</param>
    public static JsonObject Build(SlackTrigger slack, string? threadTs)
    {
        var body = new JsonObject { ["channel"] = Channel(slack) };
        if (!string.IsNullOrEmpty(slack.Message))
        {
            body["text"] = slack.Message;
        }

        if (!string.IsNullOrEmpty(slack.Attachments))
        {
            body["attachments"] = JsonNode.Parse(slack.Attachments);
        }

        if (!string.IsNullOrEmpty(slack.Blocks))
        {
            body["blocks"] = JsonNode.Parse(slack.Blocks);
        }

        if (!string.IsNullOrEmpty(slack.Sender?.Username))
        {
            body["username"] = slack.Sender.Username;
        }

        if (slack.Sender?.Icon is { Length: > 0 } icon)
        {
            body[SlackTriggerValidator.IsEmoji(icon) ? "icon_emoji" : "icon_url"] = icon;
        }

        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
            if (slack.Thread?.BroadcastMessageToChannel == true)
            {
                body["reply_broadcast"] = true;
            }
        }

        return body;
    }
}

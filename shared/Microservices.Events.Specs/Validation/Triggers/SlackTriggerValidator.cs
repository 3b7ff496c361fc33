using System.Text.Json;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What a <c>slack</c> trigger needs to post: a token secret, a channel, and a message, attachments or blocks.</summary>
public static class SlackTriggerValidator
{
    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<SlackTrigger>() is not { } slack)
        {
            return;
        }

        check.Report(Problems(slack));
        check.Parameters("parameters", slack.Parameters, destRequired: true);
    }

    /// <summary>Why this spec (parameters applied) cannot post; empty when it can.</summary>
    public static IReadOnlyList<FieldProblem> Problems(SlackTrigger slack)
    {
        var problems = new List<FieldProblem>();
        problems.AddRange(SecretProblems.Of("slackToken", slack.SlackToken, required: true));
        if (string.IsNullOrWhiteSpace(slack.Channel?.TrimStart('#')))
        {
            problems.Add(new("channel", "required"));
        }

        if (string.IsNullOrEmpty(slack.Message) && string.IsNullOrEmpty(slack.Attachments) && string.IsNullOrEmpty(slack.Blocks))
        {
            problems.Add(new("message", "one of message, attachments or blocks is required", ["attachments", "blocks"]));
        }

        foreach (var (field, value) in new[] { ("attachments", slack.Attachments), ("blocks", slack.Blocks) })
        {
            if (!string.IsNullOrEmpty(value) && !IsJsonArray(value))
            {
                problems.Add(new(field, "must be a JSON array written as text"));
            }
        }

        if (slack.Sender?.Icon is { Length: > 0 } icon && !IsEmoji(icon) && !IsImageUrl(icon))
        {
            problems.Add(new("sender.icon", $"\"{icon}\" is neither an emoji such as :robot_face: nor an absolute http(s) URL"));
        }

        return problems;
    }

    public static bool IsEmoji(string icon) => icon.Length > 2 && icon[0] == ':' && icon[^1] == ':';

    public static bool IsImageUrl(string icon) =>
        Uri.TryCreate(icon, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool IsJsonArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

namespace Microservices.Events.Specs.Model;

/// <summary>
/// Posts a message with Slack's Web API <c>chat.postMessage</c>. <c>attachments</c> and <c>blocks</c> are JSON arrays
/// written as text, as in Argo; <c>parameters</c> patch this spec.
/// </summary>
public sealed record SlackTrigger
{
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
    public SecretKeySelector? SlackToken { get; init; }
    public string? Channel { get; init; }
    public string? Message { get; init; }
    public string? Attachments { get; init; }
    public string? Blocks { get; init; }
    public SlackThread? Thread { get; init; }
    public SlackSender? Sender { get; init; }
}

/// <summary>Messages with the same <c>messageAggregationKey</c> go to one thread; <c>broadcastMessageToChannel</c> also shows the replies in the channel.</summary>
public sealed record SlackThread
{
    public string? MessageAggregationKey { get; init; }
    public bool? BroadcastMessageToChannel { get; init; }
}

/// <summary>How the message is signed: a username and an icon (<c>:emoji:</c> or an image URL).</summary>
public sealed record SlackSender
{
    public string? Username { get; init; }
    public string? Icon { get; init; }
}

using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.TriggerDispatch.Executors.Slack;

/// <summary>Configuration section <c>Triggers:Slack</c>: where Slack's Web API is and how long a call may take.</summary>
public sealed class SlackOptions
{
    public const string Section = "Triggers:Slack";

    /// <summary>Base URL of the Web API; <c>chat.postMessage</c> is called below it.</summary>
    [Required, Url]
    public string ApiUrl { get; set; } = "https://slack.com/api/";

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public Uri MethodUrl(string method) => new(new Uri(ApiUrl.EndsWith('/') ? ApiUrl : ApiUrl + "/", UriKind.Absolute), method);
}

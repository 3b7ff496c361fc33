using System.Text.Json.Serialization;

namespace Microservices.Events.Specs.Model;

/// <summary>Sends an email to each address of <c>to</c> through an SMTP server.</summary>
public sealed record EmailTrigger
{
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
    public string? Username { get; init; }

    [JsonPropertyName("smtpPassword")]
    public SecretKeySelector? SmtpPassword { get; init; }

    public string? Host { get; init; }

    /// <summary>The server's port; 587 (submission) when not given. 465 connects with TLS at once.</summary>
    public int? Port { get; init; }

    public IReadOnlyList<string>? To { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }

    public const int DefaultPort = 587;
}

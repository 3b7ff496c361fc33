namespace Microservices.Events.TriggerDispatch.Executors.Email;

/// <summary>Configuration section <c>Triggers:Email</c>: how SMTP servers are trusted and how long a send may take.</summary>
public sealed class EmailOptions
{
    public const string Section = "Triggers:Email";

    /// <summary>A PEM file of CA certificates trusted for SMTP servers' TLS besides the system's (e.g. an internal CA).</summary>
    public string? TrustedCaFile { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}

using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Ingress;

/// <summary>Configuration section <c>Ingress</c>.</summary>
public sealed class IngressOptions
{
    public const string Section = "Ingress";

    /// <summary>How long a webhook waits for the bus to accept an event before answering 503.</summary>
    [Range(1, 300)]
    public int PublishTimeoutSeconds { get; set; } = 10;

    /// <summary>The <c>Retry-After</c> a 503 carries.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Sends to the bus awaiting their confirmation at once; further events wait for a free slot.</summary>
    [Range(1, 100_000)]
    public int MaxSendsInFlight { get; set; } = 256;

    /// <summary>Open the webhook ports declared in the specs on this host (off under a test server).</summary>
    public bool ListenOnWebhookPorts { get; set; } = true;

    /// <summary>Address the webhook ports bind to: <c>*</c> for every interface, or an IP such as 127.0.0.1.</summary>
    public string WebhookBindAddress { get; set; } = "*";
}

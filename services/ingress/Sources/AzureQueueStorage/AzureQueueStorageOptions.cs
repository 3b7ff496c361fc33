using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Ingress.Sources.AzureQueueStorage;

/// <summary>Configuration section <c>Ingress:AzureQueueStorage</c>: how long received messages stay invisible to other consumers.</summary>
public sealed class AzureQueueStorageOptions
{
    public const string Section = "Ingress:AzureQueueStorage";

    /// <summary>The visibility timeout of each receive: a message not deleted by then is received again.</summary>
    [Range(1, 604_800)]
    public int VisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// A message whose event the bus refused is made visible again after this many seconds (rather than at the end of
    /// its visibility timeout), so it is retried soon once the bus is back.
    /// </summary>
    [Range(0, 604_800)]
    public int RefusedVisibilitySeconds { get; set; } = 5;
}

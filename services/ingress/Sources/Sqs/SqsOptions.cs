using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Ingress.Sources.Sqs;

/// <summary>Configuration section <c>Ingress:Sqs</c>: how long received messages stay invisible to other consumers.</summary>
public sealed class SqsOptions
{
    public const string Section = "Ingress:Sqs";

    /// <summary>The visibility timeout of each receive (Argo's 120 s): a message not deleted by then is received again.</summary>
    [Range(1, 43_200)]
    public int VisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// A message whose event the bus refused is made visible again after this many seconds (rather than at the end of
    /// its visibility timeout), so it is retried soon once the bus is back.
    /// </summary>
    [Range(0, 43_200)]
    public int RefusedVisibilitySeconds { get; set; } = 5;
}

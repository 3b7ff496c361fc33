using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Ingress.Sources.Sns;

/// <summary>Configuration section <c>Ingress:Sns</c>: which hosts SNS certificates and subscription URLs may come from.</summary>
public sealed class SnsOptions
{
    public const string Section = "Ingress:Sns";

    /// <summary>Hosts (a regular expression) of <c>SigningCertURL</c> and <c>SubscribeURL</c>; Argo's rule by default.</summary>
    [Required]
    public string AllowedHostPattern { get; set; } = @"^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$";

    /// <summary>Accept <c>http</c> URLs as well as <c>https</c> (tests only).</summary>
    public bool AllowHttp { get; set; }
}

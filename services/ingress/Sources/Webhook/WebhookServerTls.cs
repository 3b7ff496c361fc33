using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// The TLS of a webhook route: Argo's <c>serverCertSecret</c> and <c>serverKeySecret</c>, a PEM certificate (chain)
/// and its PEM key. Routes on one port share a listener, so they must agree on it.
/// </summary>
public sealed record WebhookServerTls(SecretKeySelector Cert, SecretKeySelector Key)
{
    /// <summary>The route's TLS, or null when it serves plain HTTP (or names only one of the two secrets, an error validation reports).</summary>
    public static WebhookServerTls? Of(WebhookEventSource spec) =>
        spec is { ServerCertSecret: { } cert, ServerKeySecret: { } key } ? new WebhookServerTls(cert, key) : null;

    /// <summary>The secret references, never their values.</summary>
    public override string ToString() => $"HTTPS with serverCertSecret {Describe(Cert)} and serverKeySecret {Describe(Key)}";

    public static string Describe(SecretKeySelector secret) => $"\"{secret.Name}/{secret.Key}\"";

    public static string Describe(WebhookServerTls? tls) => tls?.ToString() ?? "plain HTTP";
}

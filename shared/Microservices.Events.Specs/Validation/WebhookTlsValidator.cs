using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// The TLS settings of a webhook route (Argo's <c>serverCertSecret</c> and <c>serverKeySecret</c>): each reference
/// names a secret and a key, and the certificate and key go together.
/// </summary>
public static class WebhookTlsValidator
{
    public static void Validate(string path, WebhookEventSource webhook, List<SpecDiagnostic> d)
    {
        foreach (var (name, secret) in new[] { ("serverCertSecret", webhook.ServerCertSecret), ("serverKeySecret", webhook.ServerKeySecret) })
        {
            foreach (var problem in SecretProblems.Of($"{path}.{name}", secret, required: false))
            {
                d.Add(EventSourceValidator.Error(problem.Field, problem.Message));
            }
        }

        if (webhook.ServerCertSecret is not null && webhook.ServerKeySecret is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.serverKeySecret", "required with serverCertSecret"));
        }
        else if (webhook.ServerKeySecret is not null && webhook.ServerCertSecret is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.serverCertSecret", "required with serverKeySecret"));
        }
    }
}

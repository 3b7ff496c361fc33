using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of a <c>gerrit</c> event: its route, the hook it registers and the basic auth of the REST API.</summary>
public static class GerritValidator
{
    public static void Validate(string path, GerritEventSource gerrit, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        if (gerrit.Webhook is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.webhook", "required: the endpoint, port and method Gerrit delivers to"));
        }
        else
        {
            EventSourceValidator.ValidateWebhook($"{path}.webhook", gerrit.Webhook, routes, d);
        }

        if (string.IsNullOrWhiteSpace(gerrit.HookName))
        {
            d.Add(EventSourceValidator.Error($"{path}.hookName", "required"));
        }

        if (string.IsNullOrWhiteSpace(gerrit.GerritBaseURL))
        {
            d.Add(EventSourceValidator.Error($"{path}.gerritBaseURL", "required"));
        }
        else if (!Uri.TryCreate(gerrit.GerritBaseURL, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            d.Add(EventSourceValidator.Error($"{path}.gerritBaseURL", $"\"{gerrit.GerritBaseURL}\" is not an absolute http(s) URL"));
        }

        if (gerrit.Events is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error($"{path}.events", "required: at least one event, e.g. patchset-created"));
        }

        if (gerrit.Projects is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error($"{path}.projects", "required: at least one project"));
        }
        else
        {
            for (var i = 0; i < gerrit.Projects.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(gerrit.Projects[i]))
                {
                    d.Add(EventSourceValidator.Error($"{path}.projects[{i}]", "must not be empty"));
                }
            }
        }

        if (gerrit.Auth is not null)
        {
            foreach (var (field, secret) in new[] { ("username", gerrit.Auth.Username), ("password", gerrit.Auth.Password) })
            {
                foreach (var problem in SecretProblems.Of(field, secret, required: true))
                {
                    d.Add(EventSourceValidator.Error($"{path}.auth.{problem.Field}", problem.Message));
                }
            }
        }

        if (string.IsNullOrEmpty(gerrit.Webhook?.Url))
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.webhook.url", "not set: no hook is registered on Gerrit; its projects' webhooks must deliver here"));
        }

        EventSourceValidator.ValidateFilter(path, gerrit.Filter, d);
    }
}

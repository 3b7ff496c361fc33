using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of a <c>gitlab</c> event: its webhook route, projects or groups, event names, base URL.</summary>
internal static class GitlabValidator
{
    public static void Validate(string path, GitlabEventSource gitlab, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        if (gitlab.Webhook is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.webhook", "required"));
        }
        else
        {
            EventSourceValidator.ValidateWebhook($"{path}.webhook", gitlab.Webhook, routes, d);
        }

        if (!gitlab.AllProjects().Any() && gitlab.Groups is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error($"{path}.projects", "either projects or groups is required"));
        }

        for (var i = 0; i < (gitlab.Events?.Count ?? 0); i++)
        {
            if (!GitlabHookEvents.All.ContainsKey(gitlab.Events![i]))
            {
                d.Add(EventSourceValidator.Error($"{path}.events[{i}]", $"unknown event \"{gitlab.Events[i]}\" (one of {string.Join(", ", GitlabHookEvents.All.Keys)})"));
            }
        }

        if (gitlab.RegistersHooks && gitlab.Events is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error($"{path}.events", "events must be defined to create a gitlab webhook"));
        }

        if (!string.IsNullOrEmpty(gitlab.GitlabBaseURL) && !Uri.TryCreate(gitlab.GitlabBaseURL, UriKind.Absolute, out _))
        {
            d.Add(EventSourceValidator.Error($"{path}.gitlabBaseURL", $"\"{gitlab.GitlabBaseURL}\" is not an absolute URL"));
        }

        EventSourceValidator.ValidateFilter(path, gitlab.Filter, d);
    }
}

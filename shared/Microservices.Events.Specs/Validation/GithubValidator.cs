using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of a <c>github</c> event, as Argo's: its webhook route, repositories or organizations, hook settings.</summary>
internal static class GithubValidator
{
    public static void Validate(string path, GithubEventSource github, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        if (github.Webhook is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.webhook", "required"));
        }
        else
        {
            EventSourceValidator.ValidateWebhook($"{path}.webhook", github.Webhook, routes, d);
        }

        var hasRepositories = github.OwnedRepositories().Any() || github.Repositories is { Count: > 0 };
        var hasOrganizations = github.Organizations is { Count: > 0 };
        if (!hasRepositories && !hasOrganizations)
        {
            d.Add(EventSourceValidator.Error($"{path}.repositories", "either repositories or organizations is required"));
        }
        else if (hasRepositories && hasOrganizations)
        {
            d.Add(EventSourceValidator.Error($"{path}.organizations", "only one of repositories and organizations is allowed"));
        }

        for (var i = 0; i < (github.Repositories?.Count ?? 0); i++)
        {
            var group = github.Repositories![i];
            if (string.IsNullOrWhiteSpace(group.Owner))
            {
                d.Add(EventSourceValidator.Error($"{path}.repositories[{i}].owner", "required"));
            }

            if (group.Names is not { Count: > 0 })
            {
                d.Add(EventSourceValidator.Error($"{path}.repositories[{i}].names", "required"));
            }
        }

        if (github.RegistersHooks && github.Events is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error($"{path}.events", "events must be defined to create a github webhook"));
        }

        if (!string.IsNullOrEmpty(github.ContentType) && github.ContentType is not ("json" or "form"))
        {
            d.Add(EventSourceValidator.Error($"{path}.contentType", $"\"{github.ContentType}\" must be \"json\" or \"form\""));
        }

        if (!string.IsNullOrEmpty(github.GithubBaseURL) && string.IsNullOrEmpty(github.GithubUploadURL))
        {
            d.Add(EventSourceValidator.Error($"{path}.githubUploadURL", "required when githubBaseURL is set"));
        }
        else if (string.IsNullOrEmpty(github.GithubBaseURL) && !string.IsNullOrEmpty(github.GithubUploadURL))
        {
            d.Add(EventSourceValidator.Error($"{path}.githubBaseURL", "required when githubUploadURL is set"));
        }

        if (!string.IsNullOrEmpty(github.GithubBaseURL) && !Uri.TryCreate(github.GithubBaseURL, UriKind.Absolute, out _))
        {
            d.Add(EventSourceValidator.Error($"{path}.githubBaseURL", $"\"{github.GithubBaseURL}\" is not an absolute URL"));
        }

        if (github.GithubApp is { } app)
        {
            if (app.PrivateKey is null)
            {
                d.Add(EventSourceValidator.Error($"{path}.githubApp.privateKey", "required"));
            }

            if (app.AppID is not > 0)
            {
                d.Add(EventSourceValidator.Error($"{path}.githubApp.appID", "required"));
            }

            if (app.InstallationID is not > 0)
            {
                d.Add(EventSourceValidator.Error($"{path}.githubApp.installationID", "required"));
            }
        }

        EventSourceValidator.ValidateFilter(path, github.Filter, d);
    }
}

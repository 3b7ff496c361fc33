using System.Text.RegularExpressions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What an <c>openWhisk</c> trigger needs to invoke: a host, an action name OpenWhisk accepts, an API version and namespace.</summary>
public static partial class OpenWhiskTriggerValidator
{
    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<OpenWhiskTrigger>() is not { } whisk)
        {
            return;
        }

        check.Report(Problems(whisk));
        check.Parameters("payload", whisk.Payload, destRequired: true);
        check.Parameters("parameters", whisk.Parameters, destRequired: true);
    }

    public static IReadOnlyList<FieldProblem> Problems(OpenWhiskTrigger whisk)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(whisk.Host))
        {
            problems.Add(new("host", "required"));
        }
        else if (BaseUrl(whisk.Host) is null)
        {
            problems.Add(new("host", $"\"{whisk.Host}\" is neither host:port nor an http(s) URL"));
        }

        if (string.IsNullOrEmpty(whisk.ActionName))
        {
            problems.Add(new("actionName", "required"));
        }
        else if (!ActionPattern().IsMatch(whisk.ActionName))
        {
            problems.Add(new("actionName", $"\"{whisk.ActionName}\" is not an action name (or package/action) of letters, digits, @ . - _ and spaces"));
        }

        if (!string.IsNullOrEmpty(whisk.Version) && !VersionPattern().IsMatch(whisk.Version))
        {
            problems.Add(new("version", $"\"{whisk.Version}\" is not an API version such as v1"));
        }

        if (!string.IsNullOrEmpty(whisk.Namespace) && whisk.Namespace != "_" && !NamePattern().IsMatch(whisk.Namespace))
        {
            problems.Add(new("namespace", $"\"{whisk.Namespace}\" is not a namespace name"));
        }

        problems.AddRange(SecretProblems.Of("authToken", whisk.AuthToken, required: false));
        return problems;
    }

    /// <summary>The API's base, as Argo's OpenWhisk client reads <c>host</c>: HTTPS unless a scheme is given.</summary>
    public static Uri? BaseUrl(string host)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri : null;
    }

    [GeneratedRegex(@"^[\w@.\- ]+(/[\w@.\- ]+)?$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"^[\w@.\- ]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^v\d+$")]
    private static partial Regex VersionPattern();
}

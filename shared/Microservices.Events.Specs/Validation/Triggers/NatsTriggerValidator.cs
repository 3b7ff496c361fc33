using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What a <c>nats</c> trigger needs to publish: server URLs, a subject it may publish on, payload parameters, and one way to authenticate.</summary>
public static class NatsTriggerValidator
{
    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<NatsTrigger>() is not { } nats)
        {
            return;
        }

        check.Report(Problems(nats));
        if (nats.Auth?.Credential is not null)
        {
            check.Unsupported("auth.credential", "NATS credentials file authentication is not supported yet; use auth.basic, auth.token or auth.nkey");
        }

        check.Parameters("payload", nats.Payload, destRequired: true);
        check.Parameters("parameters", nats.Parameters, destRequired: true);
    }

    public static IReadOnlyList<FieldProblem> Problems(NatsTrigger nats)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(nats.Url))
        {
            problems.Add(new("url", "required"));
        }
        else
        {
            problems.AddRange(ServerUrls(nats.Url).Where(u => u.Error is not null).Select(u => new FieldProblem("url", u.Error!)));
        }

        if (SubjectProblem(nats.Subject) is { } subject)
        {
            problems.Add(new("subject", subject));
        }

        if (nats.Payload is null)
        {
            problems.Add(new("payload", "required: the message is built from payload parameters"));
        }

        problems.AddRange(TlsProblems.Of("tls", nats.Tls));
        if (nats.Auth is { } auth)
        {
            var ways = new (string Field, object? Value)[] { ("basic", auth.Basic), ("token", auth.Token), ("nkey", auth.NKey), ("credential", auth.Credential) }
                .Where(w => w.Value is not null).Select(w => w.Field).ToList();
            if (ways.Count != 1)
            {
                problems.Add(new("auth", ways.Count == 0 ? "one of basic, token, nkey or credential is required" : $"only one of basic, token, nkey or credential may be set, found {string.Join(", ", ways)}"));
            }

            if (auth.Basic is { } basic)
            {
                problems.AddRange(SecretProblems.Of("auth.basic.username", basic.Username, required: true));
                problems.AddRange(SecretProblems.Of("auth.basic.password", basic.Password, required: true));
            }

            problems.AddRange(SecretProblems.Of("auth.token", auth.Token, required: false));
            problems.AddRange(SecretProblems.Of("auth.nkey", auth.NKey, required: false));
            problems.AddRange(SecretProblems.Of("auth.credential", auth.Credential, required: false));
        }

        return problems;
    }

    /// <summary>Each server of a comma-separated list as a <c>nats://</c> or <c>tls://</c> URI, or why it is not one.</summary>
    public static IReadOnlyList<(Uri? Uri, string? Error)> ServerUrls(string urls) => urls.Split(',', StringSplitOptions.TrimEntries).Select(url =>
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "nats://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return (null, $"\"{url}\" is not a server address such as nats://host:4222");
        }

        if (uri.Scheme is not ("nats" or "tls"))
        {
            return (null, $"\"{url}\": scheme \"{uri.Scheme}\" is not nats or tls");
        }

        return ((Uri?)uri, (string?)null);
    }).ToList();

    /// <summary>A subject one may publish on: dot-separated non-empty tokens, no whitespace, no wildcard <c>*</c> or <c>&gt;</c>.</summary>
    public static string? SubjectProblem(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return "required";
        }

        if (subject.Any(char.IsWhiteSpace))
        {
            return $"\"{subject}\" contains whitespace";
        }

        var tokens = subject.Split('.');
        if (tokens.Any(t => t.Length == 0))
        {
            return $"\"{subject}\" has an empty token";
        }

        return tokens.Any(t => t is "*" or ">") ? $"\"{subject}\" has a wildcard; messages are published on one subject" : null;
    }
}

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
        var problems = NatsClientProblems.Of(nats.Url, nats.Auth, nats.Tls).ToList();
        if (SubjectProblem(nats.Subject) is { } subject)
        {
            problems.Add(new("subject", subject));
        }

        if (nats.Payload is null)
        {
            problems.Add(new("payload", "required: the message is built from payload parameters"));
        }

        return problems;
    }

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

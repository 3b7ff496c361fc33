using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>nats</c> events: the client block (as the <c>nats</c> trigger's), the subject, the queue group and the <c>jetStream</c> extension.</summary>
internal static class NatsSourceValidator
{
    public static readonly IReadOnlySet<string> DeliverPolicies = new HashSet<string>(StringComparer.Ordinal) { "new", "all" };

    public static void Validate(string path, NatsEventSource nats, List<SpecDiagnostic> d)
    {
        var problems = NatsClientProblems.Of(nats.Url, nats.Auth, nats.Tls)
            .Concat(BackoffProblems.Of("connectionBackoff", nats.ConnectionBackoff));
        d.AddRange(problems.Select(p => EventSourceValidator.Error($"{path}.{p.Field}", p.Message)));
        if (nats.Auth?.Credential is not null)
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.auth.credential", "NATS credentials file authentication is not supported yet; use auth.basic, auth.token or auth.nkey"));
        }

        if (SubjectProblem(nats.Subject) is { } subject)
        {
            d.Add(EventSourceValidator.Error($"{path}.subject", subject));
        }

        if (nats.Queue is { } queue && (queue.Length == 0 || queue.Any(char.IsWhiteSpace)))
        {
            d.Add(EventSourceValidator.Error($"{path}.queue", $"\"{queue}\" is not a queue group name (non-empty, no whitespace)"));
        }

        if (nats.JetStream is { } jetStream)
        {
            ValidateJetStream($"{path}.jetStream", nats, jetStream, d);
        }

        EventSourceValidator.ValidateFilter(path, nats.Filter, d);
    }

    /// <summary>A subject one may subscribe to: dot-separated non-empty tokens without whitespace; <c>*</c> a whole token, <c>&gt;</c> only the last.</summary>
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

        if (tokens.Any(t => t.Length > 1 && (t.Contains('*', StringComparison.Ordinal) || t.Contains('>', StringComparison.Ordinal))))
        {
            return $"\"{subject}\": the wildcards * and > stand for whole tokens";
        }

        return tokens[..^1].Contains(">") ? $"\"{subject}\": > may only be the last token" : null;
    }

    private static void ValidateJetStream(string path, NatsEventSource nats, NatsJetStream jetStream, List<SpecDiagnostic> d)
    {
        d.Add(new(DiagnosticSeverity.Warning, path, "\"jetStream\" is this project's extension, not an Argo Events field: Argo Events would reject this EventSource"));
        foreach (var (field, value) in new[] { ("stream", jetStream.Stream), ("durable", jetStream.Durable) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                d.Add(EventSourceValidator.Error($"{path}.{field}", "required"));
            }
            else if (value.IndexOfAny([' ', '\t', '.', '*', '>', '/', '\\']) >= 0)
            {
                d.Add(EventSourceValidator.Error($"{path}.{field}", $"\"{value}\" is not a JetStream name (no whitespace, ., *, >, / or \\)"));
            }
        }

        if (jetStream.DeliverPolicy is { } policy && !DeliverPolicies.Contains(policy))
        {
            d.Add(EventSourceValidator.Error($"{path}.deliverPolicy", $"\"{policy}\" is not one of new, all"));
        }

        if (nats.Queue is not null)
        {
            d.Add(EventSourceValidator.Error($"{path[..path.LastIndexOf('.')]}.queue", "a queue group is for core NATS: with jetStream, replicas share the durable consumer"));
        }
    }
}

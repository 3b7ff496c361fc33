using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>
/// What a NATS client block needs, for the <c>nats</c> trigger and the <c>nats</c> event source alike: server URLs and
/// at most one complete way to authenticate. Fields are relative to the block (<c>url</c>, <c>auth.token</c>, …).
/// </summary>
public static class NatsClientProblems
{
    public static IEnumerable<FieldProblem> Of(string? url, NatsAuth? auth, ClientTls? tls)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            yield return new("url", "required");
        }
        else
        {
            foreach (var (_, error) in ServerUrls(url).Where(u => u.Error is not null))
            {
                yield return new("url", error!);
            }
        }

        foreach (var problem in TlsProblems.Of("tls", tls))
        {
            yield return problem;
        }

        if (auth is null)
        {
            yield break;
        }

        var ways = new (string Field, object? Value)[] { ("basic", auth.Basic), ("token", auth.Token), ("nkey", auth.NKey), ("credential", auth.Credential) }
            .Where(w => w.Value is not null).Select(w => w.Field).ToList();
        if (ways.Count != 1)
        {
            yield return new("auth", ways.Count == 0 ? "one of basic, token, nkey or credential is required" : $"only one of basic, token, nkey or credential may be set, found {string.Join(", ", ways)}");
        }

        var secrets = new List<FieldProblem>();
        if (auth.Basic is { } basic)
        {
            secrets.AddRange(SecretProblems.Of("auth.basic.username", basic.Username, required: true));
            secrets.AddRange(SecretProblems.Of("auth.basic.password", basic.Password, required: true));
        }

        secrets.AddRange(SecretProblems.Of("auth.token", auth.Token, required: false));
        secrets.AddRange(SecretProblems.Of("auth.nkey", auth.NKey, required: false));
        secrets.AddRange(SecretProblems.Of("auth.credential", auth.Credential, required: false));
        foreach (var problem in secrets)
        {
            yield return problem;
        }
    }

    /// <summary>Each server of a comma-separated list as a <c>nats://</c> or <c>tls://</c> URI (<c>nats://</c> when it has no scheme), or why it is not one.</summary>
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
}

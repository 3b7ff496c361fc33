namespace Microservices.Events.Specs.Model;

/// <summary>Invokes an Apache OpenWhisk action (blocking, for its result) with the payload built from <c>payload</c> parameters.</summary>
public sealed record OpenWhiskTrigger
{
    /// <summary><c>host:port</c> (HTTPS, as Argo's client assumes) or an http(s) URL.</summary>
    public string? Host { get; init; }

    /// <summary>API version, <c>v1</c> by default.</summary>
    public string? Version { get; init; }

    /// <summary>The action's namespace, <c>_</c> (the credentials' own) by default.</summary>
    public string? Namespace { get; init; }

    /// <summary>OpenWhisk's <c>user:key</c> credentials.</summary>
    public SecretKeySelector? AuthToken { get; init; }

    /// <summary>The action, optionally in a package: <c>package/action</c>.</summary>
    public string? ActionName { get; init; }

    public IReadOnlyList<TriggerParameter>? Payload { get; init; }
    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }
}

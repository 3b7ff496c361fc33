using Microservices.Events.Specs.Model;
using Microsoft.Extensions.Configuration;

namespace Microservices.Events.Specs.Sources;

/// <summary>
/// Resolves Kubernetes secret references outside a cluster: configuration key <c>Secrets:{name}:{key}</c>
/// (environment <c>Secrets__{name}__{key}</c>), else the file <c>{Secrets:Directory}/{name}/{key}</c>, the layout
/// of a mounted Secret volume.
/// </summary>
public sealed class SecretResolver(IConfiguration configuration)
{
    public string? Resolve(SecretKeySelector? selector)
    {
        if (selector is not { Name: { Length: > 0 } name, Key: { Length: > 0 } key })
        {
            return null;
        }

        if (configuration[$"Secrets:{name}:{key}"] is { } configured)
        {
            return configured;
        }

        var directory = configuration["Secrets:Directory"];
        if (!string.IsNullOrEmpty(directory))
        {
            var file = Path.Combine(directory, name, key);
            if (File.Exists(file))
            {
                return File.ReadAllText(file).TrimEnd('\r', '\n');
            }
        }

        return null;
    }
}

using Microservices.Events.Specs.Model;
using Microsoft.Extensions.Configuration;

namespace Microservices.Events.Specs.Sources;

/// <summary>
/// Resolves Kubernetes config map references outside a cluster, as <see cref="SecretResolver"/> does secrets:
/// configuration key <c>ConfigMaps:{name}:{key}</c> (environment <c>ConfigMaps__{name}__{key}</c>), else the file
/// <c>{ConfigMaps:Directory}/{name}/{key}</c>, the layout of a mounted ConfigMap volume.
/// </summary>
public sealed class ConfigMapResolver(IConfiguration configuration)
{
    public string? Resolve(SecretKeySelector? selector)
    {
        if (selector is not { Name: { Length: > 0 } name, Key: { Length: > 0 } key })
        {
            return null;
        }

        if (configuration[$"ConfigMaps:{name}:{key}"] is { } configured)
        {
            return configured;
        }

        var directory = configuration["ConfigMaps:Directory"];
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

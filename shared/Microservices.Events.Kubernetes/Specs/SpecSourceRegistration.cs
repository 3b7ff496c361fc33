using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// Registers the spec catalog that <c>Specs:Source</c> names (once, however many services ask): the folder
/// (<see cref="DirectorySpecCatalog"/>) or the custom resources (<see cref="KubernetesSpecCatalog"/>, started before
/// the services that read it), and the status writer of the kinds a service runs.
/// </summary>
public static class SpecSourceRegistration
{
    public static IServiceCollection AddSpecSource(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(KubernetesSpecCatalog)))
        {
            return services;
        }

        // A catalog registered before (a test's fixed specs) is kept, as AddSpecCatalog keeps it.
        var given = services.Any(d => d.ServiceType == typeof(ISpecCatalog));
        services.AddSpecCatalog();
        services.AddKubernetesOptions();
        services.TryAddSingleton<KubernetesConnection>();
        services.TryAddSingleton<ResourceWatchClient>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KubernetesSpecCatalog>();
        if (!given)
        {
            services.Replace(ServiceDescriptor.Singleton<ISpecCatalog>(sp =>
                sp.GetRequiredService<IOptions<SpecsOptions>>().Value.Source == SpecSourceKind.Kubernetes
                    ? sp.GetRequiredService<KubernetesSpecCatalog>()
                    : ActivatorUtilities.CreateInstance<DirectorySpecCatalog>(sp)));
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SpecSourceStarter>());
        services.AddHealthChecks().AddCheck<SpecSourceHealthCheck>("spec-source");
        return services;
    }

    /// <summary>Writes the status of the resources of <paramref name="kind"/> ("EventSource" or "Sensor") when specs come from custom resources.</summary>
    public static IServiceCollection AddSpecStatus(this IServiceCollection services, string kind)
    {
        services.AddSpecSource();
        services.Configure<SpecStatusKinds>(k => k.Kinds.Add(kind));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SpecStatusWriter>());
        return services;
    }
}

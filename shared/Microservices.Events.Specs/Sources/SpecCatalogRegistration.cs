using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.Specs.Sources;

/// <summary>
/// Registers the Specs options and the directory spec catalog (once, however many services ask for it); a catalog
/// registered before (a test's <see cref="StaticSpecCatalog"/>) is kept.
/// </summary>
public static class SpecCatalogRegistration
{
    public static IServiceCollection AddSpecCatalog(this IServiceCollection services)
    {
        // Bound once: binding a list (Specs:Namespaces) again would append its items a second time.
        if (!services.Any(d => d.ServiceType == typeof(SpecsOptionsBound)))
        {
            services.AddSingleton<SpecsOptionsBound>();
            services.AddOptions<SpecsOptions>()
                .BindConfiguration(SpecsOptions.Section)
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        services.TryAddSingleton<ISpecCatalog, DirectorySpecCatalog>();
        return services;
    }

    /// <summary>Marks the Specs options as bound.</summary>
    private sealed class SpecsOptionsBound;
}

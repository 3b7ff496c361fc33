using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.Specs.Sources;

/// <summary>Registers the directory spec catalog (once, however many services ask for it).</summary>
public static class SpecCatalogRegistration
{
    public static IServiceCollection AddSpecCatalog(this IServiceCollection services)
    {
        services.AddOptions<SpecsOptions>()
            .BindConfiguration(SpecsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ISpecCatalog, DirectorySpecCatalog>();
        return services;
    }
}

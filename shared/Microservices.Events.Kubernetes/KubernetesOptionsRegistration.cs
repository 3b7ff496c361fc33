using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Kubernetes;

/// <summary>
/// Registers <see cref="KubernetesOptions"/> once per container, however many parts (the spec catalog, the k8s
/// triggers, the resource source) ask for it: bound to <c>Kubernetes</c> and validated at start, so a bad value is
/// reported once.
/// </summary>
public static class KubernetesOptionsRegistration
{
    public static IServiceCollection AddKubernetesOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        services.AddOptions<KubernetesOptions>().BindConfiguration(KubernetesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Marks the container as holding the registration.</summary>
    private sealed class Registered;
}

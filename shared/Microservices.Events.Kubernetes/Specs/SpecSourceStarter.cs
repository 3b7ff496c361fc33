using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>Starts the custom-resource watches before the services that read specs start, and stops them after.</summary>
internal sealed class SpecSourceStarter(ISpecCatalog catalog, IOptions<KubernetesOptions> kubernetes, ILogger<SpecSourceStarter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog is KubernetesSpecCatalog resources)
        {
            logger.LogInformation("Specs come from EventSource and Sensor custom resources");
            await resources.StartAsync(TimeSpan.FromSeconds(kubernetes.Value.RequestTimeoutSeconds), cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (catalog is KubernetesSpecCatalog resources)
        {
            await resources.StopAsync();
        }
    }
}

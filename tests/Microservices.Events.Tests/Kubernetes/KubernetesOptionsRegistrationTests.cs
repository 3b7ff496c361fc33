using Microservices.Events.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Kubernetes;

public sealed class KubernetesOptionsRegistrationTests
{
    [Fact]
    public void Options_asked_for_by_several_parts_are_bound_and_validated_once()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kubernetes:RequestTimeoutSeconds"] = "0" })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddKubernetesOptions();
        services.AddKubernetesOptions();
        services.AddKubernetesOptions();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IValidateOptions<KubernetesOptions>>());
        Assert.Single(provider.GetServices<IConfigureOptions<KubernetesOptions>>());
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KubernetesOptions>>().Value);
        Assert.Single(error.Failures);
        Assert.Contains("RequestTimeoutSeconds", error.Failures.Single(), StringComparison.Ordinal);
    }
}

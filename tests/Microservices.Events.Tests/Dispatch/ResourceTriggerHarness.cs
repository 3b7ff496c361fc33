using MassTransit;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.Testing.Kubernetes;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>trigger-dispatch on the test harness with one sensor, its Kubernetes connection pointed at an API double.</summary>
public static class ResourceTriggerHarness
{
    public static string Sensor(string triggers) => KindDispatch.Sensor(triggers);

    /// <summary>Connected by <c>Kubernetes:Host</c> (and <c>Kubernetes:Token</c>), or by a kubeconfig file when one is given.</summary>
    /// <param name="settings">Further configuration, e.g. <c>Secrets:{name}:{key}</c>.</param>
    public static Task<ServiceHarness> StartAsync(KubernetesApiDouble api, string sensorYaml, string? token = null, string? kubeconfig = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Kubernetes:Host"] = kubeconfig is null ? api.BaseUrl : null,
            ["Kubernetes:Token"] = token,
            ["Kubernetes:KubeconfigPath"] = kubeconfig,
        };
        return KindDispatch.StartAsync(sensorYaml, all);
    }

    /// <summary>A firing of <paramref name="trigger"/> with one webhook event whose <c>body</c> is <paramref name="body"/>.</summary>
    public static TriggerRequested Request(string trigger, string body, int firing = 1) =>
        KindDispatch.Request(trigger, $$"""{"body":{{body}}}""", firing);

    /// <summary>The outcome of firing <paramref name="firing"/>: succeeded or failed, with its detail or reason.</summary>
    public static async Task<(bool Success, string Detail, int Attempts)> OutcomeAsync(ServiceHarness h, int firing = 1)
    {
        var id = Guid.Parse($"6f1c2a4e-0000-5000-8000-{firing:D12}");
        Assert.True(await Eventually.HoldsAsync(() =>
            h.Published.Select<TriggerSucceeded>().Any(m => m.Context.Message.FiringId == id) || h.Published.Select<TriggerFailed>().Any(m => m.Context.Message.FiringId == id),
            TimeSpan.FromSeconds(30)), $"no outcome for firing {firing}");
        if (h.Published.Select<TriggerSucceeded>().FirstOrDefault(m => m.Context.Message.FiringId == id)?.Context.Message is { } ok)
        {
            return (true, ok.Detail ?? "", ok.Attempts);
        }

        var failed = h.Published.Select<TriggerFailed>().First(m => m.Context.Message.FiringId == id).Context.Message;
        return (false, failed.Reason, failed.Attempts);
    }
}

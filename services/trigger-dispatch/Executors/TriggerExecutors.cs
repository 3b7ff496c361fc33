using Microservices.Events.TriggerDispatch.Executors.ArgoWorkflow;
using Microservices.Events.TriggerDispatch.Executors.AwsLambda;
using Microservices.Events.TriggerDispatch.Executors.Custom;
using Microservices.Events.TriggerDispatch.Executors.Email;
using Microservices.Events.TriggerDispatch.Executors.Http;
using Microservices.Events.TriggerDispatch.Executors.K8s;
using Microservices.Events.TriggerDispatch.Executors.Kafka;
using Microservices.Events.TriggerDispatch.Executors.Log;
using Microservices.Events.TriggerDispatch.Executors.Nats;
using Microservices.Events.TriggerDispatch.Executors.OpenWhisk;
using Microservices.Events.TriggerDispatch.Executors.Slack;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>
/// The trigger kinds trigger-dispatch runs, one line each. A new kind is a folder under <c>Executors/</c>, its line here
/// (with the services it needs, if any) and its tests; a kind without a line fails its firings as not supported yet.
/// </summary>
public static class TriggerExecutors
{
    public static IServiceCollection AddTriggerExecutors(this IServiceCollection services)
    {
        services.TryAddSingleton<TriggerExecutorRegistry>();
        return services
            .AddTriggerExecutor<LogTriggerExecutor>()
            .AddTriggerExecutor<HttpTriggerExecutor>(HttpTriggerExecutor.AddServices)
            .AddTriggerExecutor<K8sTriggerExecutor>(K8sTriggerExecutor.AddServices)
            .AddTriggerExecutor<ArgoWorkflowTriggerExecutor>(K8sTriggerExecutor.AddKubernetes)
            .AddTriggerExecutor<SlackTriggerExecutor>(SlackTriggerExecutor.AddServices)
            .AddTriggerExecutor<NatsTriggerExecutor>(NatsTriggerExecutor.AddServices)
            .AddTriggerExecutor<KafkaTriggerExecutor>(KafkaTriggerExecutor.AddServices)
            .AddTriggerExecutor<AwsLambdaTriggerExecutor>(AwsLambdaTriggerExecutor.AddServices)
            .AddTriggerExecutor<EmailTriggerExecutor>(EmailTriggerExecutor.AddServices)
            .AddTriggerExecutor<OpenWhiskTriggerExecutor>(OpenWhiskTriggerExecutor.AddServices)
            .AddTriggerExecutor<CustomTriggerExecutor>(CustomTriggerExecutor.AddServices);
    }

    private static IServiceCollection AddTriggerExecutor<TExecutor>(this IServiceCollection services, Action<IServiceCollection>? kindServices = null)
        where TExecutor : class, ITriggerExecutor
    {
        services.AddSingleton<ITriggerExecutor, TExecutor>();
        kindServices?.Invoke(services);
        return services;
    }
}

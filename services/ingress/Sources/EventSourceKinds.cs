using Microservices.Events.Ingress.Sources.AzureQueueStorage;
using Microservices.Events.Ingress.Sources.Amqp;
using Microservices.Events.Ingress.Sources.Bitbucket;
using Microservices.Events.Ingress.Sources.Calendar;
using Microservices.Events.Ingress.Sources.CloudEvents;
using Microservices.Events.Ingress.Sources.Files;
using Microservices.Events.Ingress.Sources.Generic;
using Microservices.Events.Ingress.Sources.Gerrit;
using Microservices.Events.Ingress.Sources.Github;
using Microservices.Events.Ingress.Sources.Nats;
using Microservices.Events.Ingress.Sources.Redis;
using Microservices.Events.Ingress.Sources.Gitlab;
using Microservices.Events.Ingress.Sources.Kafka;
using Microservices.Events.Ingress.Sources.Minio;
using Microservices.Events.Ingress.Sources.Mqtt;
using Microservices.Events.Ingress.Sources.Resource;
using Microservices.Events.Ingress.Sources.Slack;
using Microservices.Events.Ingress.Sources.Sns;
using Microservices.Events.Ingress.Sources.Sqs;
using Microservices.Events.Ingress.Sources.StorageGrid;
using Microservices.Events.Ingress.Sources.Stripe;
using Microservices.Events.Ingress.Sources.Webhook;

namespace Microservices.Events.Ingress.Sources;

/// <summary>
/// The event-source kinds ingress runs, one line each. A new kind is a folder under <c>Sources/</c>, its line here (with
/// the services it needs and, if it serves HTTP requests, its middleware) and its tests. A kind without a line is loaded,
/// validated and reported as not supported yet by the spec loader.
/// </summary>
public static class EventSourceKinds
{
    public static IServiceCollection AddEventSourceKinds(this IServiceCollection services) => services
        .AddEventSourceKind<WebhookSource>(WebhookSource.AddServices, WebhookSource.UseRequests)
        .AddEventSourceKind<CalendarSource>()
        .AddEventSourceKind<GithubSource>(GithubSource.AddServices)
        .AddEventSourceKind<GitlabSource>(GitlabSource.AddServices)
        .AddEventSourceKind<SlackSource>(SlackSource.AddServices)
        .AddEventSourceKind<StripeSource>(StripeSource.AddServices)
        .AddEventSourceKind<SnsSource>(SnsSource.AddServices)
        .AddEventSourceKind<BitbucketSource>(BitbucketSource.AddServices)
        .AddEventSourceKind<BitbucketServerSource>(BitbucketServerSource.AddServices)
        .AddEventSourceKind<GerritSource>(GerritSource.AddServices)
        .AddEventSourceKind<StorageGridSource>(StorageGridSource.AddServices)
        .AddEventSourceKind<CloudEventsSource>(CloudEventsSource.AddServices)
        .AddEventSourceKind<KafkaSource>(KafkaSource.AddServices)
        .AddEventSourceKind<AmqpSource>()
        .AddEventSourceKind<MqttSource>()
        .AddEventSourceKind<SqsSource>(SqsSource.AddServices)
        .AddEventSourceKind<AzureQueueStorageSource>(AzureQueueStorageSource.AddServices)
        .AddEventSourceKind<FileSource>()
        .AddEventSourceKind<MinioSource>()
        .AddEventSourceKind<ResourceSource>(ResourceSource.AddServices)
        .AddEventSourceKind<GenericSource>(GenericSource.AddServices)
        .AddEventSourceKind<NatsSource>(NatsSource.AddServices)
        .AddEventSourceKind<RedisSource>(RedisSource.AddServices)
        .AddEventSourceKind<RedisStreamSource>(RedisStreamSource.AddServices);

    private static IServiceCollection AddEventSourceKind<TKind>(
        this IServiceCollection services,
        Action<IServiceCollection>? kindServices = null,
        Action<IApplicationBuilder>? requests = null)
        where TKind : class, IEventSourceKind
    {
        services.AddSingleton<IEventSourceKind, TKind>();
        kindServices?.Invoke(services);
        if (requests is not null)
        {
            services.AddSingleton(new EventSourceRequests(requests));
        }

        return services;
    }
}

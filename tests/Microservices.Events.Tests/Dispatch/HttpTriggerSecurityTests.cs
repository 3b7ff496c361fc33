using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Failures;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Harness;
using Microservices.Events.Tests.Support;
using Microservices.Events.TriggerDispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>
/// The http trigger's tls, basicAuth, secureHeaders and dynamicHeaders against real HTTP and HTTPS sinks (certificates
/// made by the test), secrets and config maps read through configuration; their values never reach logs or storage.
/// </summary>
public sealed class HttpTriggerSecurityTests
{
    private const string Password = "pa55-w0rd-value";
    private const string ApiKey = "api-key-value-7781";

    private static string Sensor(string http, string extra = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:
            - template:
                name: call
                http:
        {{http}}
        {{extra}}
        """;

    private static TriggerRequested Request() => new()
    {
        FiringId = Guid.NewGuid(),
        Sensor = "s",
        Trigger = "call",
        Events = new Dictionary<string, EventEnvelope>
        {
            ["dep"] = new()
            {
                Id = "e1", Source = "webhook", Subject = "example", Type = "webhook", Time = DateTimeOffset.UtcNow,
                Data = JsonDocument.Parse("""{"body":{"message":"hi","team":"platform"}}""").RootElement,
            },
        },
    };

    [Fact]
    public async Task Tls_with_a_ca_and_client_certificate_from_secrets_reaches_a_sink_that_requires_them()
    {
        using var tls = HttpSinkTls.Create(requireClientCertificate: true);
        await using var sink = await HttpSink.StartAsync(tls);
        await using var h = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/secure
                      tls:
                        caCertSecret: {name: certs, key: ca.crt}
                        clientCertSecret: {name: certs, key: tls.crt}
                        clientKeySecret: {name: certs, key: tls.key}
            """), new()
        {
            ["Secrets:certs:ca.crt"] = tls.CaPem,
            ["Secrets:certs:tls.crt"] = tls.ClientCertificatePem,
            ["Secrets:certs:tls.key"] = tls.ClientKeyPem,
        });

        await h.Bus.Publish(Request());

        await Outcome<TriggerSucceeded>(h);
        var call = Assert.Single(sink.Requests);
        Assert.StartsWith("https://", sink.BaseUrl);
        Assert.Equal("CN=events trigger", call.ClientCertificateSubject);
    }

    [Fact]
    public async Task A_server_the_ca_did_not_sign_is_refused_unless_verification_is_skipped()
    {
        using var tls = HttpSinkTls.Create();
        using var otherCa = HttpSinkTls.Create();
        await using var sink = await HttpSink.StartAsync(tls);
        var secrets = new Dictionary<string, string?> { ["Secrets:certs:ca.crt"] = otherCa.CaPem };

        await using (var strict = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/secure
                      tls: {caCertSecret: {name: certs, key: ca.crt} }
            """), secrets))
        {
            await strict.Bus.Publish(Request());
            Assert.Contains("SSL connection could not be established", (await Outcome<TriggerFailed>(strict)).Reason);
            Assert.Empty(sink.Requests);
        }

        await using var insecure = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/secure
                      tls: {insecureSkipVerify: true}
            """), secrets);
        await insecure.Bus.Publish(Request());
        await Outcome<TriggerSucceeded>(insecure);
        Assert.Single(sink.Requests);
    }

    [Fact]
    public async Task Basic_auth_secure_and_dynamic_headers_are_sent_in_argos_order()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var h = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/hook
                      headers: {X-Team: static, X-Api-Key: static}
                      basicAuth:
                        username: {name: creds, key: user}
                        password: {name: creds, key: password}
                      secureHeaders:
                        - name: X-Api-Key
                          valueFrom: {secretKeyRef: {name: api, key: key} }
                        - name: X-Region
                          valueFrom: {configMapKeyRef: {name: settings, key: region} }
                      dynamicHeaders:
                        - src: {dependencyName: dep, dataKey: body.team}
                          dest: X-Team
                        - src: {dependencyName: dep, dataKey: body.message}
                          dest: X-Message
            """), new()
        {
            ["Secrets:creds:user"] = "deploy",
            ["Secrets:creds:password"] = Password,
            ["Secrets:api:key"] = ApiKey,
            ["ConfigMaps:settings:region"] = "eu-west-1",
        });

        await h.Bus.Publish(Request());

        await Outcome<TriggerSucceeded>(h);
        var headers = Assert.Single(sink.Requests).Headers;
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"deploy:{Password}")), headers["Authorization"]);
        Assert.Equal(ApiKey, headers["X-Api-Key"]);
        Assert.Equal("eu-west-1", headers["X-Region"]);
        Assert.Equal("platform", headers["X-Team"]);
        Assert.Equal("hi", headers["X-Message"]);
    }

    [Fact]
    public async Task A_missing_secret_fails_the_firing_naming_the_field_and_reference()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var h = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/hook
                      basicAuth:
                        username: {name: creds, key: user}
            """), []);

        await h.Bus.Publish(Request());

        Assert.Equal("basicAuth.username: secret \"creds\" has no key \"user\"", (await Outcome<TriggerFailed>(h)).Reason);
        Assert.Empty(sink.Requests);
    }

    [Fact]
    public async Task A_secret_that_holds_no_certificate_fails_the_firing_with_a_tls_reason()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var h = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/hook
                      tls: {caCertSecret: {name: certs, key: ca.crt} }
            """), new() { ["Secrets:certs:ca.crt"] = "not a certificate" });

        await h.Bus.Publish(Request());

        Assert.Equal("tls: tls.caCertSecret holds no PEM certificate", (await Outcome<TriggerFailed>(h)).Reason);
        Assert.Empty(sink.Requests);
    }

    [Fact]
    public async Task Secret_values_appear_in_no_log_outcome_or_stored_failure()
    {
        await using var sink = await HttpSink.StartAsync();
        sink.AnswerWith(500, 500);
        var logs = new ConcurrentQueue<string>();
        await using var h = await Start(Sensor($$"""
                      url: {{sink.BaseUrl}}/hook
                      basicAuth:
                        username: {name: creds, key: user}
                        password: {name: creds, key: password}
                      secureHeaders:
                        - name: X-Api-Key
                          valueFrom: {secretKeyRef: {name: api, key: key} }
            """, "      retryStrategy: {steps: 2, duration: 10ms}"), new()
        {
            ["Secrets:creds:user"] = "deploy",
            ["Secrets:creds:password"] = Password,
            ["Secrets:api:key"] = ApiKey,
        }, logs);

        var request = Request();
        await h.Bus.Publish(request);

        var failed = await Outcome<TriggerFailed>(h);
        Assert.Equal(2, sink.Requests.Count);
        Assert.Equal(ApiKey, sink.Requests.First().Headers["X-Api-Key"]);
        var stored = await h.Services.GetRequiredService<IFailedFiringStore>().GetAsync(request.FiringId);
        Assert.NotNull(stored);
        Assert.NotEmpty(logs);
        foreach (var text in logs.Append(JsonSerializer.Serialize(failed)).Append(JsonSerializer.Serialize(stored)))
        {
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain(ApiKey, text);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"deploy:{Password}")), text);
        }
    }

    private static async Task<T> Outcome<T>(ServiceHarness h) where T : class
    {
        Assert.True(await Eventually.HoldsAsync(() => h.Published.Select<T>().Any(), TimeSpan.FromSeconds(15)), $"no {typeof(T).Name} published");
        return h.Published.Select<T>().First().Context.Message;
    }

    private static Task<ServiceHarness> Start(string sensorYaml, Dictionary<string, string?> configuration, ConcurrentQueue<string>? logs = null) => ServiceHarness.StartAsync(builder =>
    {
        builder.Services.AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml(sensorYaml)));
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.Configuration.AddInMemoryCollection(configuration);
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(new CollectingLoggerProvider(logs));
        }

        builder.AddTriggerDispatch();
        builder.AddEventBusTestHarness(TriggerDispatchBus.Part);
    });

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}

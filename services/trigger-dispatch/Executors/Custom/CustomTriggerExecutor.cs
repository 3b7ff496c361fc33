using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microservices.Events.TriggerDispatch.Executors.Custom.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch.Executors.Custom;

/// <summary>
/// The <c>custom</c> trigger, speaking Argo's custom trigger protocol with Grpc.Net.Client so existing trigger servers
/// keep working: FetchResource with the <c>spec</c> as YAML, the kind's <c>parameters</c> applied to the JSON resource it
/// answers, Execute with that resource and the payload, then ApplyPolicy on the execution's response, whose
/// <c>success</c> decides the outcome (Argo only logs it). Plain HTTP/2, or TLS verified with <c>certSecret</c> and
/// <c>serverNameOverride</c> when <c>secure</c>. One channel per trigger and settings.
/// </summary>
public sealed class CustomTriggerExecutor(CustomTriggerChannels channels, SecretResolver secrets) : ITriggerExecutor
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public string Kind => "custom";

    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<CustomTriggerChannels>();
    }

    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        TriggerKindSpec.Read<CustomTrigger>(template, Kind) is { } custom
            ? CustomTriggerValidator.Problems(custom).Select(p => p.ToString()).ToList()
            : ["custom: missing"];

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var custom = TriggerKindSpec.Read<CustomTrigger>(execution.Template, Kind)!;
        string? certificate;
        try
        {
            certificate = custom.Secure == true ? secrets.Require("certSecret", custom.CertSecret) : null;
        }
        catch (MissingSecretException ex)
        {
            return TriggerOutcome.Fail(ex.Message);
        }

        var client = new Protocol.Trigger.TriggerClient(channels.Get($"{execution.Sensor}\n{execution.Template.Name}", custom, certificate));
        var step = "FetchResource";
        try
        {
            var fetched = await client.FetchResourceAsync(new FetchResourceRequest { Resource = ByteString.CopyFromUtf8(SpecYaml(custom.Spec)) }, Options(cancellationToken));
            var resource = fetched.Resource;
            if (custom.Parameters is { Count: > 0 } parameters)
            {
                JsonNode? document;
                try
                {
                    document = JsonNode.Parse(resource.ToStringUtf8());
                }
                catch (JsonException ex)
                {
                    return TriggerOutcome.Fail($"the resource {custom.ServerURL} returned is not JSON, so parameters cannot be applied: {ex.Message}");
                }

                document = ParameterResolver.Apply(document, parameters, execution.Events);
                resource = ByteString.CopyFromUtf8(document?.ToJsonString(JsonText.Options) ?? "null");
            }

            step = "Execute";
            var executed = await client.ExecuteAsync(new ExecuteRequest { Resource = resource, Payload = ByteString.CopyFrom(TriggerPayload.Bytes(execution.Resolved.Payload)) }, Options(cancellationToken));
            step = "ApplyPolicy";
            var policy = await client.ApplyPolicyAsync(new ApplyPolicyRequest { Request = executed.Response }, Options(cancellationToken));
            return new TriggerOutcome(policy.Success, policy.Success
                ? $"executed by {custom.ServerURL}: {policy.Message}"
                : $"{custom.ServerURL} reported the policy not satisfied: {policy.Message}");
        }
        catch (RpcException ex)
        {
            return TriggerOutcome.Fail($"{step} at {custom.ServerURL} failed: {ex.StatusCode} {ex.Status.Detail}");
        }
    }

    private static CallOptions Options(CancellationToken cancellationToken) => new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    /// <summary>The spec as YAML, keys in order, as Argo marshals its string map.</summary>
    public static string SpecYaml(IReadOnlyDictionary<string, string>? spec)
    {
        if (spec is not { Count: > 0 })
        {
            return "{}\n";
        }

        var serializer = new YamlDotNet.Serialization.SerializerBuilder().Build();
        return serializer.Serialize(new SortedDictionary<string, string>(spec.ToDictionary(), StringComparer.Ordinal));
    }
}

/// <summary>gRPC channels to custom trigger servers, one per trigger and settings (address, TLS, certificate); disposed with the service.</summary>
public sealed class CustomTriggerChannels : IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();

    public GrpcChannel Get(string trigger, CustomTrigger custom, string? certificatePem)
    {
        var settings = string.Join("\n", custom.ServerURL, custom.Secure, custom.ServerNameOverride, certificatePem);
        var key = $"{trigger}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))}";
        return _channels.GetOrAdd(key, _ =>
        {
            var secure = custom.Secure == true;
            var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(10) };
            if (secure)
            {
                if (!string.IsNullOrEmpty(custom.ServerNameOverride))
                {
                    handler.SslOptions.TargetHost = custom.ServerNameOverride;
                }

                handler.SslOptions.RemoteCertificateValidationCallback = TlsTrust.ServerValidation(new ResolvedTls(certificatePem, null, null, InsecureSkipVerify: false));
            }

            return GrpcChannel.ForAddress(CustomTriggerValidator.Address(custom.ServerURL!, secure)!, new GrpcChannelOptions { HttpHandler = handler });
        });
    }

    public void Dispose()
    {
        foreach (var (_, channel) in _channels)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }
}

using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// Writes the <c>status</c> of the custom resources of <see cref="SpecStatusKinds"/> (Argo's conditions, see
/// <see cref="SpecConditions"/>) whenever the published specs or a resource change. Writes are idempotent rather than
/// led: the status is computed from the published specs alone (<see cref="SpecStatus"/>), written only when the stored
/// one differs, as a merge patch of the status subresource conditional on the resourceVersion it was computed against,
/// so replicas agree, a replica that lost the race gets 409 and drops its write, and the watch event of a status
/// write (which changes no spec document) finds nothing left to write.
/// </summary>
public sealed class SpecStatusWriter(
    ISpecCatalog catalog,
    ResourceWatchClient client,
    IOptions<SpecStatusKinds> kinds,
    IOptions<SpecsOptions> options,
    TimeProvider time,
    ILogger<SpecStatusWriter> logger) : IHostedService
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<string, string> _writtenAgainst = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stopping;
    private Task _writing = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog is not KubernetesSpecCatalog resources || !options.Value.WriteStatus || kinds.Value.Kinds.Count == 0)
        {
            return Task.CompletedTask;
        }

        _stopping = new CancellationTokenSource();
        resources.ResourcesChanged += Signal;
        _signals.Writer.TryWrite(true);
        var stopping = _stopping.Token;
        _writing = Task.Run(() => RunAsync(resources, stopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, null) is not { } stopping)
        {
            return;
        }

        ((KubernetesSpecCatalog)catalog).ResourcesChanged -= Signal;
        await stopping.CancelAsync();
        await _writing;
        stopping.Dispose();
    }

    private void Signal() => _signals.Writer.TryWrite(true);

    private async Task RunAsync(KubernetesSpecCatalog resources, CancellationToken ct)
    {
        try
        {
            await foreach (var _ in _signals.Reader.ReadAllAsync(ct))
            {
                await WriteAllAsync(resources, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Brings the status of every published resource of the kinds written up to date; one that cannot be written is retried with the next change.</summary>
    private async Task WriteAllAsync(KubernetesSpecCatalog resources, CancellationToken ct)
    {
        var snapshot = resources.Current;
        foreach (var gone in _writtenAgainst.Keys.Where(k => resources.Latest(k) is null).ToList())
        {
            _writtenAgainst.Remove(gone);
        }

        foreach (var spec in resources.Published.Where(p => kinds.Value.Kinds.Contains(p.Kind)))
        {
            if (resources.Latest(spec.Key) is not { } latest)
            {
                continue;
            }

            var resourceVersion = latest["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";
            if (_writtenAgainst.TryGetValue(spec.Key, out var written) && written == resourceVersion)
            {
                // Already written against this version: the watch has not brought the result yet.
                continue;
            }

            var document = spec.File.Documents.FirstOrDefault();
            var run = spec.Kind == "Sensor"
                ? snapshot.Sensors.Any(s => ReferenceEquals(s, document?.Sensor))
                : snapshot.EventSources.Any(s => ReferenceEquals(s, document?.EventSource));
            var duplicate = snapshot.Conflicts.FirstOrDefault(c => c.StartsWith(spec.Key + ":", StringComparison.Ordinal));
            var state = run ? DeployState.Deployed : duplicate is not null && document?.HasErrors == false ? DeployState.Duplicate : DeployState.Invalid;
            var desired = SpecConditions.For(spec.Kind, [.. spec.File.AllDiagnostics], state, duplicate);
            var next = SpecStatus.Next(latest["status"], desired, spec.Generation, time.GetUtcNow());
            if (!SpecStatus.Differs(latest["status"], next))
            {
                continue;
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
                ["status"] = next,
            };
            var collection = $"apis/{KubernetesSpecCatalog.Group}/{KubernetesSpecCatalog.Version}/namespaces/{Uri.EscapeDataString(spec.Namespace)}/{spec.Plural}";
            try
            {
                var accepted = await client.PatchStatusAsync(collection, spec.Name, patch, ct);
                _writtenAgainst[spec.Key] = resourceVersion;
                if (accepted)
                {
                    logger.LogInformation("Status of {Key} written: {Conditions}", spec.Key, string.Join(", ", desired.Select(c => $"{c.Type}={c.Status}")));
                }
                else
                {
                    logger.LogDebug("Status of {Key} not written: the resource changed meanwhile; the watch brings it", spec.Key);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Cannot write the status of {Key} ({Error}); it is written with the next change", spec.Key, ex.Message);
            }
        }
    }
}

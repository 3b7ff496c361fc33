using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Specs;

public sealed class DirectorySpecCatalogTests
{
    private static string SensorYaml(string name) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: {name}
        spec:
          dependencies:
            - name: a
              eventSourceName: webhook
              eventName: example
          triggers:
            - template:
                name: t
                log: {"{}"}
        """;

    [Fact]
    public async Task A_changed_file_is_reloaded_once_after_the_debounce()
    {
        using var specs = new TempSpecs(("one.yaml", SensorYaml("first")));
        using var catalog = new DirectorySpecCatalog(Options.Create(new SpecsOptions { Directory = specs.Directory, ReloadDebounceMilliseconds = 200 }), NullLogger<DirectorySpecCatalog>.Instance);
        Assert.Equal("first", Assert.Single(catalog.Current.Sensors).Name);
        var reloads = 0;
        var reloaded = new TaskCompletionSource<SpecSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += s =>
        {
            Interlocked.Increment(ref reloads);
            reloaded.TrySetResult(s);
        };

        specs.Write("one.yaml", SensorYaml("renamed"));
        specs.Write("two.yaml", SensorYaml("second"));
        var snapshot = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(600);

        Assert.Equal(["renamed", "second"], snapshot.Sensors.Select(s => s.Name).Order());
        Assert.Equal(1, reloads);
        Assert.True(snapshot.Version > 1);
    }

    [Fact]
    public void A_file_with_errors_is_reported_and_left_out_while_the_others_load()
    {
        using var specs = new TempSpecs(("good.yaml", SensorYaml("good")), ("bad.yaml", SensorYaml("bad").Replace("log: {}", "conditions: a")));
        using var catalog = new DirectorySpecCatalog(Options.Create(new SpecsOptions { Directory = specs.Directory }), NullLogger<DirectorySpecCatalog>.Instance);

        Assert.Equal("good", Assert.Single(catalog.Current.Sensors).Name);
        Assert.True(catalog.Current.Files.Single(f => f.Path.EndsWith("bad.yaml", StringComparison.Ordinal)).HasErrors);
    }
}

using Microservices.Events.Specs.Loading;
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
    public async Task A_configmap_mounted_by_kubernetes_loads_each_spec_once_and_reloads_when_its_data_link_is_swapped()
    {
        using var specs = new TempSpecs();
        var root = specs.Directory;
        ConfigMapVersion(root, "..2026_11_29_01_00_00.1", SensorYaml("first"));
        File.CreateSymbolicLink(Path.Combine(root, "..data"), "..2026_11_29_01_00_00.1");
        File.CreateSymbolicLink(Path.Combine(root, "sensors.yaml"), Path.Combine("..data", "sensors.yaml"));

        using var catalog = new DirectorySpecCatalog(Options.Create(new SpecsOptions { Directory = root, ReloadDebounceMilliseconds = 200 }), NullLogger<DirectorySpecCatalog>.Instance);
        Assert.Equal([Path.Combine(root, "sensors.yaml")], catalog.Current.Files.Select(f => f.Path));
        Assert.Equal("first", Assert.Single(catalog.Current.Sensors).Name);
        Assert.Empty(catalog.Current.Conflicts);

        // The kubelet's atomic update: a new timestamped folder, a temporary link to it renamed over ..data, the old folder removed.
        var reloaded = new TaskCompletionSource<SpecSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += s => reloaded.TrySetResult(s);
        ConfigMapVersion(root, "..2026_11_29_01_05_00.2", SensorYaml("second"));
        File.CreateSymbolicLink(Path.Combine(root, "..data_tmp"), "..2026_11_29_01_05_00.2");
        using (var mv = System.Diagnostics.Process.Start("mv", ["-T", Path.Combine(root, "..data_tmp"), Path.Combine(root, "..data")])) // rename(2) of the link itself
        {
            await mv.WaitForExitAsync();
            Assert.Equal(0, mv.ExitCode);
        }

        Directory.Delete(Path.Combine(root, "..2026_11_29_01_00_00.1"), recursive: true);

        var snapshot = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(400);
        Assert.Equal("second", Assert.Single(catalog.Current.Sensors).Name);
        Assert.Single(snapshot.Files);
    }

    [Theory]
    [InlineData("sensors.yaml", false)]
    [InlineData("team/sensors.yaml", false)]
    [InlineData("..data/sensors.yaml", true)]
    [InlineData("..2026_11_29_01_00_00.1/sensors.yaml", true)]
    [InlineData("team/..data/sensors.yaml", true)]
    [InlineData("..sensors.yaml", false)]
    public void Folders_named_with_two_leading_dots_are_kubernetes_data_folders(string relativePath, bool skipped) =>
        Assert.Equal(skipped, SpecFiles.IsInKubernetesDataFolder(relativePath));

    private static void ConfigMapVersion(string root, string folder, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(root, folder));
        File.WriteAllText(Path.Combine(root, folder, "sensors.yaml"), yaml);
    }

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

    [Fact]
    public void A_folders_files_load_in_ordinal_order_and_the_first_of_two_definitions_of_a_sensor_wins()
    {
        // Written in reverse, so the order of writing cannot stand in for the ordinal order.
        var files = Enumerable.Range(0, 48)
            .Select(i => ($"s{i:D2}.yaml", i is 3 or 40 ? SensorYaml("twice").Replace("name: t\n", $"name: from-{i}\n") : SensorYaml($"s{i:D2}")))
            .Reverse()
            .ToArray();
        using var specs = new TempSpecs(files);
        using var catalog = new DirectorySpecCatalog(Options.Create(new SpecsOptions { Directory = specs.Directory }), NullLogger<DirectorySpecCatalog>.Instance);

        Assert.Equal(files.Select(f => f.Item1).Order(StringComparer.Ordinal), catalog.Current.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(47, catalog.Current.Sensors.Count);
        Assert.Equal("from-3", catalog.Current.Sensors.Single(s => s.Name == "twice").Spec.Triggers.Single().Template!.Name);
        Assert.Contains(catalog.Current.Conflicts, c => c.Contains("s40.yaml", StringComparison.Ordinal) && c.Contains("\"twice\"", StringComparison.Ordinal));
    }
}

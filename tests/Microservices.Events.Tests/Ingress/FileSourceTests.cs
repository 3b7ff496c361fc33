using System.Text.Json;
using System.Text.RegularExpressions;
using Microservices.Events.Ingress.Sources.Files;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The <c>file</c> kind: which operations on which files become events (Argo's <c>{name, op, metadata}</c>), kernel
/// notifications and polling, and a directory that does not exist yet.
/// </summary>
public sealed class FileSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("file-source-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Rwx = Rw | UnixFileMode.UserExecute;

    public static TheoryData<string, long, int, UnixFileMode, string> ChangedCases => new()
    {
        { "size changed", 5, 0, Rw, "Write" },
        { "write time changed", 4, 1, Rw, "Write" },
        { "only the mode changed", 4, 0, Rwx, "Chmod" },
        { "mode and size changed", 5, 0, Rwx, "Write" },
        { "nothing visible changed (a second notification of one write)", 4, 0, Rw, "Write" },
    };

    [Theory]
    [MemberData(nameof(ChangedCases))]
    public void A_change_is_a_chmod_only_when_the_mode_alone_changed(string _, long length, int seconds, UnixFileMode mode, string expected)
    {
        var before = new FileState(4, T0, Rw);
        Assert.Equal(Enum.Parse<FileOperation>(expected), FileChanges.Changed(before, new FileState(length, T0.AddSeconds(seconds), mode)));
    }

    [Fact]
    public void A_change_of_an_unknown_or_vanished_file_is_a_write()
    {
        Assert.Equal(FileOperation.Write, FileChanges.Changed(null, new FileState(1, T0, Rw)));
        Assert.Equal(FileOperation.Write, FileChanges.Changed(new FileState(1, T0, Rw), null));
    }

    [Fact]
    public void Two_snapshots_differ_by_creates_writes_chmods_removes_and_renames()
    {
        var before = new Dictionary<string, FileState>
        {
            ["/d/kept"] = new(1, T0, Rw),
            ["/d/written"] = new(1, T0, Rw),
            ["/d/chmodded"] = new(1, T0, Rw),
            ["/d/removed"] = new(1, T0, Rw),
            ["/d/old-name"] = new(9, T0.AddHours(1), Rw),
            ["/d/same-state-removed"] = new(9, T0.AddHours(1), Rw),
        };
        var after = new Dictionary<string, FileState>
        {
            ["/d/kept"] = new(1, T0, Rw),
            ["/d/written"] = new(2, T0.AddSeconds(1), Rw),
            ["/d/chmodded"] = new(1, T0, Rwx),
            ["/d/new-name"] = new(9, T0.AddHours(1), Rw),
            ["/d/created"] = new(3, T0, Rw),
        };

        Assert.Equal(
            [
                new("/d/chmodded", FileOperation.Chmod), new("/d/created", FileOperation.Create), new("/d/new-name", FileOperation.Create),
                new("/d/old-name", FileOperation.Rename), new("/d/removed", FileOperation.Remove),
                new("/d/same-state-removed", FileOperation.Remove), new("/d/written", FileOperation.Write),
            ],
            FileChanges.Diff(before, after));
    }

    [Theory]
    [InlineData("/test-data/", "/test-data/x.txt", "x.txt", null, true)]
    [InlineData("/test-data", "/test-data/x.txt", "x.txt", null, true)]
    [InlineData("/test-data/", "/test-data/x.txt.swp", "x.txt", null, false)]
    [InlineData("/test-data/", "/test-data/y.txt", "x.txt", null, false)]
    [InlineData("/bin/", "/bin/abc.txt", null, "([a-z]+).txt", true)]
    [InlineData("/bin/", "/bin/123.dat", null, "([a-z]+).txt", false)]
    [InlineData("", "abc.txt", null, "^abc", true)]
    public void A_path_matches_by_its_path_relative_to_the_directory_or_by_the_regexp(string directory, string path, string? watched, string? regexp, bool matches) =>
        Assert.Equal(matches, FileChanges.Matches(directory, path, watched, regexp is null ? null : new Regex(regexp)));

    [Theory]
    [InlineData("CREATE", FileOperation.Create)]
    [InlineData("WRITE", FileOperation.Write)]
    [InlineData("REMOVE", FileOperation.Remove)]
    [InlineData("RENAME", FileOperation.Rename)]
    [InlineData("CHMOD", FileOperation.Chmod)]
    [InlineData("create", null)]
    [InlineData("", null)]
    public void Event_types_are_fsnotify_operation_names(string name, FileOperation? operation) =>
        Assert.Equal(operation, FileOperations.Parse(name));

    [Fact]
    public void The_data_is_argos_name_op_and_metadata_with_op_as_its_fsnotify_number()
    {
        Assert.Equal("""{"name":"/d/x.txt","op":16,"metadata":null}""", JsonSerializer.Serialize(FileSource.Data("/d/x.txt", FileOperation.Chmod, null)));
        Assert.Equal("""{"name":"/d/x.txt","op":1,"metadata":{"k":"v"}}""", JsonSerializer.Serialize(FileSource.Data("/d/x.txt", FileOperation.Create, new Dictionary<string, string> { ["k"] = "v" })));
    }

    private SpecSnapshot Spec(string eventType, string watch, bool polling = false, string directory = "") => SpecSnapshot.FromYaml($$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: files}
        spec:
          file:
            example:
              eventType: {{eventType}}
              polling: {{(polling ? "true" : "false")}}
              metadata: {team: a}
              watchPathConfig:
                directory: {{(directory.Length > 0 ? directory : _directory + "/")}}
                {{watch}}
        """);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Creating_the_watched_file_sends_one_create_event_and_other_files_are_ignored(bool polling)
    {
        var bus = new EdgeRecordingBus();
        using var source = new FileSource(bus.Services, TimeProvider.System, NullLogger<FileSource>.Instance);
        await source.ApplyAsync(Spec("CREATE", "path: x.txt", polling), default);
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Healthy));

        await File.WriteAllTextAsync(Path.Combine(_directory, "other.txt"), "no");
        await File.WriteAllTextAsync(Path.Combine(_directory, "x.txt"), "yes");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        await Task.Delay(500);
        var data = Assert.Single(bus.Accepted).Data!.Value;
        Assert.Equal(polling ? "x.txt" : Path.Combine(_directory, "x.txt"), data.GetProperty("name").GetString());
        Assert.Equal(1, data.GetProperty("op").GetInt32());
        Assert.Equal("a", data.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal(("files", "file", "example"), (bus.Accepted.Single().Source, bus.Accepted.Single().Type, bus.Accepted.Single().Subject));
        await source.StopAsync(default);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writes_chmods_renames_and_removes_of_matching_files_are_reported_as_their_event_type_asks(bool polling)
    {
        foreach (var name in new[] { "a.log", "b.log", "c.log", "d.log" })
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, name), "1");
        }

        var buses = new Dictionary<string, EdgeRecordingBus>();
        var sources = new List<FileSource>();
        foreach (var type in new[] { "WRITE", "CHMOD", "RENAME", "REMOVE" })
        {
            var bus = buses[type] = new EdgeRecordingBus();
            var source = new FileSource(bus.Services, TimeProvider.System, NullLogger<FileSource>.Instance);
            sources.Add(source);
            await source.ApplyAsync(Spec(type, "pathRegexp: '[a-d]\\.log$'", polling), default);
        }

        Assert.True(await Eventually.HoldsAsync(() => sources.All(s => s.Health().Status == HealthStatus.Healthy)));
        await Task.Delay(300);
        await File.AppendAllTextAsync(Path.Combine(_directory, "a.log"), "more");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_directory, "b.log"), Rwx);
        }

        File.Move(Path.Combine(_directory, "c.log"), Path.Combine(_directory, "moved.txt"));
        File.Delete(Path.Combine(_directory, "d.log"));

        string Name(string file) => polling ? file : Path.Combine(_directory, file);
        Assert.True(await Eventually.HoldsAsync(() => buses.Values.All(b => !b.Accepted.IsEmpty)), string.Join(", ", buses.Select(b => $"{b.Key} {b.Value.Accepted.Count}")));
        await Task.Delay(500);
        Assert.All(buses["WRITE"].Accepted, e => Assert.Equal(Name("a.log"), e.Data!.Value.GetProperty("name").GetString()));
        Assert.Equal((Name("b.log"), 16), Single(buses["CHMOD"]));
        Assert.Equal((Name("c.log"), 8), Single(buses["RENAME"]));
        Assert.Equal((Name("d.log"), 4), Single(buses["REMOVE"]));
        foreach (var source in sources)
        {
            await source.StopAsync(default);
            source.Dispose();
        }

        static (string?, int) Single(EdgeRecordingBus bus)
        {
            var data = Assert.Single(bus.Accepted).Data!.Value;
            return (data.GetProperty("name").GetString(), data.GetProperty("op").GetInt32());
        }
    }

    [Fact]
    public async Task A_directory_that_does_not_exist_yet_is_reported_on_health_until_it_is_created()
    {
        var later = Path.Combine(_directory, "later");
        var bus = new EdgeRecordingBus();
        using var source = new FileSource(bus.Services, TimeProvider.System, NullLogger<FileSource>.Instance);
        await source.ApplyAsync(Spec("CREATE", "path: x.txt", directory: later + "/"), default);

        Assert.True(await Eventually.HoldsAsync(() => source.Health().Description!.Contains("does not exist", StringComparison.Ordinal)), source.Health().Description);
        Directory.CreateDirectory(later);
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(15)), source.Health().Description);
        await File.WriteAllTextAsync(Path.Combine(later, "x.txt"), "");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        await source.StopAsync(default);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watched_directory_that_is_removed_is_reported_on_health_and_watched_again_when_it_is_back(bool polling)
    {
        var watched = Path.Combine(_directory, "watched");
        Directory.CreateDirectory(watched);
        var bus = new EdgeRecordingBus();
        using var source = new FileSource(bus.Services, TimeProvider.System, NullLogger<FileSource>.Instance);
        await source.ApplyAsync(Spec("CREATE", "path: x.txt", polling, directory: watched + "/"), default);
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Healthy));

        Directory.Delete(watched);
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Degraded), source.Health().Description);
        Directory.CreateDirectory(watched);
        Assert.True(await Eventually.HoldsAsync(() => source.Health().Status == HealthStatus.Healthy, TimeSpan.FromSeconds(15)), source.Health().Description);
        await File.WriteAllTextAsync(Path.Combine(watched, "x.txt"), "");

        Assert.True(await Eventually.HoldsAsync(() => bus.Accepted.Count == 1));
        await source.StopAsync(default);
    }
}

namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's FileEventSource: the file operation to report (<c>eventType</c>: CREATE, WRITE, REMOVE, RENAME or CHMOD, as
/// fsnotify names them), which files of which directory (<c>watchPathConfig</c>), and <c>polling</c> (compare directory
/// snapshots instead of kernel notifications).
/// </summary>
public sealed record FileEventSource
{
    public string? EventType { get; init; }
    public WatchPathConfig? WatchPathConfig { get; init; }
    public bool? Polling { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

/// <summary>The watched directory (absolute) and the file in it: a relative <c>path</c>, or a <c>pathRegexp</c> over relative paths.</summary>
public sealed record WatchPathConfig
{
    public string? Directory { get; init; }
    public string? Path { get; init; }
    public string? PathRegexp { get; init; }
}

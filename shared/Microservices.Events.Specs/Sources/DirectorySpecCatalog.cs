using Microservices.Events.Specs.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Specs.Sources;

/// <summary>Loads every manifest under a folder and reloads them, debounced, when files change.</summary>
public sealed class DirectorySpecCatalog : ISpecCatalog, IDisposable
{
    private readonly SpecsOptions _options;
    private readonly ILogger<DirectorySpecCatalog> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private readonly Lock _gate = new();
    private SpecSnapshot _current;

    public DirectorySpecCatalog(IOptions<SpecsOptions> options, ILogger<DirectorySpecCatalog> logger)
    {
        _options = options.Value;
        _logger = logger;
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _current = LoadAll(1);
        Report(_current);
        if (System.IO.Directory.Exists(_options.Directory))
        {
            _watcher = new FileSystemWatcher(_options.Directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.EnableRaisingEvents = true;
        }
    }

    public SpecSnapshot Current => _current;

    public event Action<SpecSnapshot>? Changed;

    /// <summary>Reads the folder again now and publishes the result.</summary>
    public void Reload()
    {
        SpecSnapshot next;
        try
        {
            lock (_gate)
            {
                next = LoadAll(_current.Version + 1);
                _current = next;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // E.g. a mounted ConfigMap swapping its folder mid-listing: keep the specs in force, the next change retries.
            _logger.LogError(ex, "Specs could not be reloaded from {Directory}; the previous specs stay in force", _options.Directory);
            return;
        }

        _logger.LogInformation("Specs reloaded from {Directory}: {EventSources} event sources, {Sensors} sensors", _options.Directory, next.EventSources.Count, next.Sensors.Count);
        Report(next);
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<SpecSnapshot>)handler)(next);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A spec change handler failed");
            }
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) =>
        _debounce.Change(_options.ReloadDebounceMilliseconds, Timeout.Infinite);

    private SpecSnapshot LoadAll(long version)
    {
        if (!System.IO.Directory.Exists(_options.Directory))
        {
            _logger.LogWarning("Spec folder {Directory} does not exist; no specs loaded", _options.Directory);
            return new SpecSnapshot([], version);
        }

        var files = SpecFiles.In(_options.Directory)
            .Select(SpecLoader.LoadFile)
            .ToList();
        return new SpecSnapshot(files, version);
    }

    private void Report(SpecSnapshot snapshot) => SpecFindingsLog.Report(_logger, snapshot.Files, snapshot.Conflicts);
}

using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Microservices.Events.Ingress.Sources.Files;

/// <summary>
/// The file operations in one directory (not its subdirectories), as a stream: kernel notifications through
/// <see cref="FileSystemWatcher"/> (a rename is a RENAME of the old path and a CREATE of the new one, a change is told
/// apart into WRITE or CHMOD by <see cref="FileChanges.Changed"/>), or, with <c>polling</c>, a snapshot comparison every
/// 100 ms. A watcher error (the kernel queue overflowed) or the directory's removal (looked for every second) ends the
/// stream with that error.
/// </summary>
public sealed class FileWatch : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<FileChange> _changes = Channel.CreateUnbounded<FileChange>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, FileState> _states = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher? _watcher;
    private readonly CancellationTokenSource _stop = new();

    private FileWatch(string directory, bool polling, TimeProvider time)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"directory {directory} does not exist");
        }

        foreach (var (path, state) in Snapshot(directory))
        {
            _states[path] = state;
        }

        if (polling)
        {
            _ = PollAsync(directory, time, _stop.Token);
            return;
        }

        _watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.Attributes | NotifyFilters.Security,
            IncludeSubdirectories = false,
        };
        _watcher.Created += (_, e) => Report(e.FullPath, FileOperation.Create);
        _watcher.Deleted += (_, e) => Report(e.FullPath, FileOperation.Remove);
        _watcher.Renamed += (_, e) =>
        {
            Report(e.OldFullPath, FileOperation.Rename);
            Report(e.FullPath, FileOperation.Create);
        };
        _watcher.Changed += (_, e) =>
        {
            _states.TryGetValue(e.FullPath, out var before);
            Report(e.FullPath, FileChanges.Changed(before, FileState.Of(e.FullPath)));
        };
        _watcher.Error += (_, e) => _changes.Writer.TryComplete(e.GetException());
        _watcher.EnableRaisingEvents = true;
        _ = WatchDirectoryAsync(directory, time, _stop.Token);
    }

    /// <summary>Starts watching <paramref name="directory"/>; throws when it does not exist.</summary>
    public static FileWatch Start(string directory, bool polling, TimeProvider time) => new(directory, polling, time);

    public IAsyncEnumerable<FileChange> Changes(CancellationToken cancellationToken) => _changes.Reader.ReadAllAsync(cancellationToken);

    public void Dispose()
    {
        _stop.Cancel();
        _watcher?.Dispose();
        _stop.Dispose();
        _changes.Writer.TryComplete();
    }

    private void Report(string path, FileOperation operation)
    {
        if (FileState.Of(path) is { } state)
        {
            _states[path] = state;
        }
        else
        {
            _states.TryRemove(path, out _);
        }

        _changes.Writer.TryWrite(new FileChange(path, operation));
    }

    /// <summary>Kernel notifications stop silently when the watched directory goes: end the stream then, so it is watched again once it is back.</summary>
    private async Task WatchDirectoryAsync(string directory, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                if (!Directory.Exists(directory))
                {
                    _changes.Writer.TryComplete(new DirectoryNotFoundException($"directory {directory} was removed"));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(string directory, TimeProvider time, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, FileState> before = new Dictionary<string, FileState>(_states, StringComparer.Ordinal);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
                if (!Directory.Exists(directory))
                {
                    throw new DirectoryNotFoundException($"directory {directory} was removed");
                }

                var after = Snapshot(directory);
                foreach (var change in FileChanges.Diff(before, after))
                {
                    _changes.Writer.TryWrite(change);
                }

                before = after;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _changes.Writer.TryComplete(ex);
        }
    }

    /// <summary>Looks at a directory that keeps changing before one look is taken as it is.</summary>
    private const int SnapshotLooks = 3;

    /// <summary>
    /// Every entry of <paramref name="directory"/> with its state. A file renamed while the directory is being read can
    /// be missed under both names (or listed, then gone before its state is read), which a comparison would report as
    /// a REMOVE and a later CREATE: the look is taken again while an entry vanished during it or the names listed
    /// changed meanwhile, up to <see cref="SnapshotLooks"/> times.
    /// </summary>
    private static Dictionary<string, FileState> Snapshot(string directory)
    {
        for (var look = 1; ; look++)
        {
            var snapshot = new Dictionary<string, FileState>(StringComparer.Ordinal);
            var settled = true;
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                if (FileState.Of(path) is { } state)
                {
                    snapshot[path] = state;
                }
                else
                {
                    settled = false;
                }
            }

            settled = settled && Directory.EnumerateFileSystemEntries(directory).ToHashSet(StringComparer.Ordinal).SetEquals(snapshot.Keys);
            if (settled || look == SnapshotLooks)
            {
                return snapshot;
            }
        }
    }
}

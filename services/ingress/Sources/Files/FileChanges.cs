namespace Microservices.Events.Ingress.Sources.Files;

/// <summary>What is known of a file between two looks: size, last write time and Unix mode.</summary>
public sealed record FileState(long Length, DateTime LastWriteUtc, UnixFileMode Mode)
{
    public static FileState? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists)
            {
                return new FileState(info.Length, info.LastWriteTimeUtc, info.UnixFileMode);
            }

            var directory = new DirectoryInfo(path);
            return directory.Exists ? new FileState(0, directory.LastWriteTimeUtc, directory.UnixFileMode) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>One file operation seen in the watched directory: the full path and the operation.</summary>
public sealed record FileChange(string Path, FileOperation Operation);

/// <summary>
/// The file operations between two looks at a file or a directory (pure). The kernel tells only "changed" for both a
/// write and a metadata change, so <see cref="Changed"/> tells them apart by what changed; <see cref="Diff"/> compares
/// two directory snapshots for <c>polling</c>.
/// </summary>
public static class FileChanges
{
    /// <summary>
    /// CHMOD when only the mode changed; WRITE otherwise (the size or the last write time changed, or nothing visible
    /// did, as after a second notification of one write).
    /// </summary>
    public static FileOperation Changed(FileState? before, FileState? after) =>
        before is not null && after is not null
        && before.Length == after.Length && before.LastWriteUtc == after.LastWriteUtc && before.Mode != after.Mode
            ? FileOperation.Chmod
            : FileOperation.Write;

    /// <summary>
    /// The operations that turn snapshot <paramref name="before"/> into <paramref name="after"/> (paths to states): a path
    /// that left and one that appeared with the same size, write time and mode (each appeared path paired once, in path
    /// order) are a RENAME of the old path and a CREATE
    /// of the new one (as fsnotify reports a rename); otherwise CREATE, REMOVE, WRITE (size or write time changed) and
    /// CHMOD (mode changed). Ordered by path.
    /// </summary>
    public static IReadOnlyList<FileChange> Diff(IReadOnlyDictionary<string, FileState> before, IReadOnlyDictionary<string, FileState> after)
    {
        var changes = new List<FileChange>();
        var appeared = after.Keys.Where(p => !before.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var unpaired = appeared.ToList();
        foreach (var path in before.Keys.Order(StringComparer.Ordinal))
        {
            if (after.TryGetValue(path, out var now))
            {
                var was = before[path];
                if (was.Length != now.Length || was.LastWriteUtc != now.LastWriteUtc)
                {
                    changes.Add(new(path, FileOperation.Write));
                }
                else if (was.Mode != now.Mode)
                {
                    changes.Add(new(path, FileOperation.Chmod));
                }

                continue;
            }

            var moved = unpaired.FirstOrDefault(p => after[p] == before[path]);
            unpaired.Remove(moved ?? "");
            changes.Add(new(path, moved is null ? FileOperation.Remove : FileOperation.Rename));
        }

        changes.AddRange(appeared.Select(p => new FileChange(p, FileOperation.Create)));
        return changes.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> is the watched one: its path relative to <paramref name="directory"/>
    /// equals <c>path</c>, or <c>pathRegexp</c> matches it (anywhere, as Go's MatchString does).
    /// </summary>
    public static bool Matches(string directory, string path, string? watchedPath, System.Text.RegularExpressions.Regex? pathRegexp)
    {
        var relative = path.StartsWith(directory, StringComparison.Ordinal) ? path[directory.Length..] : path;
        relative = relative.TrimStart('/');
        return (!string.IsNullOrEmpty(watchedPath) && watchedPath == relative) || (pathRegexp?.IsMatch(relative) ?? false);
    }
}

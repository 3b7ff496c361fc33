namespace Microservices.Events.Specs.Loading;

/// <summary>
/// The spec files of a folder and its subfolders, in ordinal order. Folders whose name starts with <c>..</c> are
/// skipped: Kubernetes mounts a ConfigMap as <c>..&lt;timestamp&gt;/</c> holding the files, <c>..data</c> linking to
/// it, and one link per key beside them, so each spec would otherwise be read three times.
/// </summary>
public static class SpecFiles
{
    public static IEnumerable<string> In(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => SpecLoader.Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !IsInKubernetesDataFolder(Path.GetRelativePath(directory, f)))
            .Order(StringComparer.Ordinal);

    /// <summary>Whether a path relative to the spec folder goes through a folder named <c>..something</c>.</summary>
    public static bool IsInKubernetesDataFolder(string relativePath)
    {
        var segments = relativePath.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        return segments[..^1].Any(s => s.StartsWith("..", StringComparison.Ordinal) && s != "..");
    }
}

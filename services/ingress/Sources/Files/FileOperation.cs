namespace Microservices.Events.Ingress.Sources.Files;

/// <summary>A file operation as fsnotify numbers it; Argo's event data carries the number as <c>op</c>.</summary>
[Flags]
public enum FileOperation
{
    Create = 1,
    Write = 2,
    Remove = 4,
    Rename = 8,
    Chmod = 16,
}

/// <summary>The names of <see cref="FileOperation"/> as <c>eventType</c> spells them (CREATE, WRITE, REMOVE, RENAME, CHMOD).</summary>
public static class FileOperations
{
    public static string Name(FileOperation operation) => operation.ToString().ToUpperInvariant();

    public static FileOperation? Parse(string? name) =>
        Enum.GetValues<FileOperation>().Where(o => Name(o) == name).Select(o => (FileOperation?)o).FirstOrDefault();
}

namespace Microservices.Events.Tests.Support;

/// <summary>A SQLite state file path in a throw-away folder of its own; the folder (with -wal/-shm files) is deleted at the end.</summary>
public sealed class TempStateFile : IDisposable
{
    public TempStateFile()
    {
        Folder = Directory.CreateTempSubdirectory("events-state-").FullName;
        Path = System.IO.Path.Combine(Folder, "events.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

namespace Microservices.Events.Testing;

/// <summary>A throw-away folder of spec files for one test.</summary>
public sealed class TempSpecs : IDisposable
{
    public TempSpecs(params (string Name, string Yaml)[] files)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("events-specs-").FullName;
        foreach (var (name, yaml) in files)
        {
            Write(name, yaml);
        }
    }

    public string Directory { get; }

    public void Write(string name, string yaml) => File.WriteAllText(Path.Combine(Directory, name), yaml);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

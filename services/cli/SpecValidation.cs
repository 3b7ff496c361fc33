using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Cli;

/// <summary><c>events validate</c>: one verdict per file with its findings; exit code 1 when any file has errors.</summary>
public static class SpecValidation
{
    public static int Run(IEnumerable<string> paths, TextWriter output)
    {
        var files = new List<string>();
        var missing = 0;
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(SpecFiles.In(path));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                output.WriteLine($"ERROR        {path}");
                output.WriteLine("  error: no such file or folder");
                missing++;
            }
        }

        var failed = missing;
        foreach (var file in files)
        {
            var loaded = SpecLoader.LoadFile(file);
            output.WriteLine($"{Verdict(loaded),-12} {file}");
            foreach (var (where, diagnostic) in Findings(loaded))
            {
                output.WriteLine($"  {Label(diagnostic.Severity)}: {where}{diagnostic}");
            }

            if (loaded.HasErrors)
            {
                failed++;
            }
        }

        output.WriteLine($"{files.Count + missing} file(s), {failed} with errors");
        return failed > 0 ? 1 : 0;
    }

    public static string Verdict(SpecFile file)
    {
        var all = file.AllDiagnostics.ToList();
        if (all.Any(d => d.Severity == DiagnosticSeverity.Error)) return "ERROR";
        if (all.Any(d => d.Severity == DiagnosticSeverity.Unsupported)) return "UNSUPPORTED";
        if (all.Any(d => d.Severity == DiagnosticSeverity.Warning)) return "WARNINGS";
        return "OK";
    }

    private static IEnumerable<(string Where, SpecDiagnostic Diagnostic)> Findings(SpecFile file)
    {
        foreach (var d in file.Diagnostics)
        {
            yield return ("", d);
        }

        foreach (var doc in file.Documents)
        {
            var where = file.Documents.Count > 1 ? $"[{doc.Index}] {doc.Kind}/{doc.Name} " : "";
            foreach (var d in doc.Diagnostics)
            {
                yield return (where, d);
            }
        }
    }

    private static string Label(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "not supported",
    };
}

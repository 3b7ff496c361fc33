using Microservices.Events.Specs.Loading;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Specs.Sources;

/// <summary>Logs what loading found in spec files (errors, warnings, parts not supported) and the name conflicts of a snapshot.</summary>
public static class SpecFindingsLog
{
    public static void Report(ILogger logger, IEnumerable<SpecFile> files, IEnumerable<string> conflicts)
    {
        foreach (var file in files)
        {
            foreach (var diagnostic in file.AllDiagnostics)
            {
                var level = diagnostic.Severity switch
                {
                    DiagnosticSeverity.Error => LogLevel.Error,
                    DiagnosticSeverity.Warning => LogLevel.Warning,
                    _ => LogLevel.Information,
                };
                logger.Log(level, "{File}: {Diagnostic}", file.Path, diagnostic);
            }
        }

        foreach (var conflict in conflicts)
        {
            logger.LogWarning("{Conflict}", conflict);
        }
    }
}

using System.Text.RegularExpressions;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>file</c> events (a watched directory) and of <c>hdfs</c> events, which are refused.</summary>
internal static class FileWatchValidator
{
    /// <summary>The operations fsnotify names, as <c>eventType</c> (file) and <c>type</c> (hdfs) take them.</summary>
    public static readonly IReadOnlyList<string> Operations = ["CREATE", "WRITE", "REMOVE", "RENAME", "CHMOD"];

    public static void ValidateFile(string path, FileEventSource file, List<SpecDiagnostic> d)
    {
        Operation($"{path}.eventType", file.EventType, d);
        if (file.WatchPathConfig is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.watchPathConfig", "required"));
        }
        else
        {
            WatchPath($"{path}.watchPathConfig", file.WatchPathConfig, d);
        }

        EventSourceValidator.ValidateFilter(path, file.Filter, d);
    }

    public static void ValidateHdfs(string path, HdfsEventSource hdfs, List<SpecDiagnostic> d)
    {
        d.Add(new(DiagnosticSeverity.Unsupported, path,
            "event source kind \"hdfs\" is not run here: ingress has no HDFS client (name-node RPC, Kerberos), so the event is loaded and validated only"));
        Operation($"{path}.type", hdfs.Type, d);
        if (!string.IsNullOrEmpty(hdfs.CheckInterval) && !GoDuration.TryParse(hdfs.CheckInterval, out _))
        {
            d.Add(EventSourceValidator.Error($"{path}.checkInterval", $"\"{hdfs.CheckInterval}\" is not a duration such as 10s, 5m or 1h"));
        }

        WatchPath(path, new WatchPathConfig { Directory = hdfs.Directory, Path = hdfs.Path, PathRegexp = hdfs.PathRegexp }, d);
        if (hdfs.Addresses is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error($"{path}.addresses", "required (the name nodes' host:port)"));
        }

        var ccache = hdfs.KrbCCacheSecret is not null;
        var keytab = hdfs.KrbKeytabSecret is not null;
        if (string.IsNullOrEmpty(hdfs.HdfsUser) && !ccache && !keytab)
        {
            d.Add(EventSourceValidator.Error($"{path}.hdfsUser", "required unless krbCCacheSecret or krbKeytabSecret is given"));
        }

        if (keytab && (string.IsNullOrEmpty(hdfs.KrbUsername) || string.IsNullOrEmpty(hdfs.KrbRealm)))
        {
            d.Add(EventSourceValidator.Error($"{path}.krbKeytabSecret", "needs krbUsername and krbRealm"));
        }

        if ((ccache || keytab) && (string.IsNullOrEmpty(hdfs.KrbServicePrincipalName) || hdfs.KrbConfigConfigMap is null))
        {
            d.Add(EventSourceValidator.Error($"{path}.{(keytab ? "krbKeytabSecret" : "krbCCacheSecret")}", "needs krbServicePrincipalName and krbConfigConfigMap"));
        }

        EventSourceValidator.ValidateFilter(path, hdfs.Filter, d);
    }

    private static void Operation(string path, string? operation, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(operation))
        {
            d.Add(EventSourceValidator.Error(path, $"required (one of {string.Join(", ", Operations)})"));
        }
        else if (!Operations.Contains(operation))
        {
            d.Add(EventSourceValidator.Error(path, $"\"{operation}\" is not one of {string.Join(", ", Operations)}"));
        }
    }

    private static void WatchPath(string path, WatchPathConfig watch, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(watch.Directory))
        {
            d.Add(EventSourceValidator.Error($"{path}.directory", "required"));
        }
        else if (!watch.Directory.StartsWith('/'))
        {
            d.Add(EventSourceValidator.Error($"{path}.directory", $"\"{watch.Directory}\" must be an absolute path"));
        }

        var hasPath = !string.IsNullOrEmpty(watch.Path);
        var hasRegexp = !string.IsNullOrEmpty(watch.PathRegexp);
        if (hasPath == hasRegexp)
        {
            d.Add(EventSourceValidator.Error($"{path}.path", hasPath ? "path and pathRegexp cannot be given together" : "one of path or pathRegexp is required"));
        }

        if (hasPath && watch.Path!.StartsWith('/'))
        {
            d.Add(EventSourceValidator.Error($"{path}.path", $"\"{watch.Path}\" must be relative to the directory"));
        }

        if (hasRegexp)
        {
            try
            {
                _ = new Regex(watch.PathRegexp!, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                d.Add(EventSourceValidator.Error($"{path}.pathRegexp", $"does not compile: {ex.Message}"));
            }
        }
    }
}

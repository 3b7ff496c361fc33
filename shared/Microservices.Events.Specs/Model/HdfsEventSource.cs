namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's HDFSEventSource: a watched HDFS directory (the <see cref="WatchPathConfig"/> fields inline), the operation
/// <c>type</c>, how often to look (<c>checkInterval</c>), the name nodes and the user or Kerberos identity. Loaded and
/// validated; not run (no HDFS client here).
/// </summary>
public sealed record HdfsEventSource
{
    public string? Directory { get; init; }
    public string? Path { get; init; }
    public string? PathRegexp { get; init; }
    public string? Type { get; init; }
    public string? CheckInterval { get; init; }
    public IReadOnlyList<string>? Addresses { get; init; }
    public string? HdfsUser { get; init; }
    public SecretKeySelector? KrbCCacheSecret { get; init; }
    public SecretKeySelector? KrbKeytabSecret { get; init; }
    public string? KrbUsername { get; init; }
    public string? KrbRealm { get; init; }
    public ConfigMapKeySelector? KrbConfigConfigMap { get; init; }
    public string? KrbServicePrincipalName { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public EventSourceFilter? Filter { get; init; }
}

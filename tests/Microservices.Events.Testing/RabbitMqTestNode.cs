using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.Testing;

/// <summary>
/// A RabbitMQ node for multi-process runs, driven with <c>rabbitmqctl</c>: the one <c>EVENTS_TEST_RABBITMQ_PORT</c> names
/// (its data folder in <c>EVENTS_TEST_RABBITMQ_DIR</c>), or a throw-away one started with <c>scripts/rabbitmq-test.sh</c>.
/// </summary>
public sealed class RabbitMqTestNode
{
    public const string PortVariable = "EVENTS_TEST_RABBITMQ_PORT";
    public const string DirectoryVariable = "EVENTS_TEST_RABBITMQ_DIR";
    public const string NodeVariable = "EVENTS_TEST_RABBITMQ_NODE";

    private RabbitMqTestNode(int port, string directory, bool owned)
    {
        Port = port;
        Directory = directory;
        Owned = owned;
        NodeName = owned ? OwnNodeName(directory) : NodeNameFor(directory);
    }

    public int Port { get; }

    /// <summary>Where the node's rabbitmq_prometheus plugin listens (<c>scripts/rabbitmq-test.sh</c>: the AMQP port minus 2000).</summary>
    public int PrometheusPort => Port + PrometheusOffset;

    /// <summary>Where <c>scripts/rabbitmq-test.sh</c> puts the node's ports beside its AMQP port (below 60000).</summary>
    private const int DistributionOffset = 1000, PrometheusOffset = -2000;

    /// <summary>The node's data folder; empty when it is not known.</summary>
    public string Directory { get; }

    /// <summary>Whether the node was started here (and is to be stopped by whoever started it).</summary>
    public bool Owned { get; }

    /// <summary>Whether the node can be stopped and started again from here (its data folder is known).</summary>
    public bool CanRestart => Directory.Length > 0;

    /// <summary>The node's name: for a node started here always the one of its data folder, whatever <c>EVENTS_TEST_RABBITMQ_NODE</c> says (that names the other node).</summary>
    public string NodeName { get; }

    /// <summary>The node the variables name; null when <c>EVENTS_TEST_RABBITMQ_PORT</c> is not set.</summary>
    public static RabbitMqTestNode? FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out var port)
            ? new RabbitMqTestNode(port, Environment.GetEnvironmentVariable(DirectoryVariable) ?? "", owned: false)
            : null;

    /// <summary>Starts a throw-away node on a free port with its data in <paramref name="directory"/>.</summary>
    public static async Task<RabbitMqTestNode> StartAsync(string directory)
    {
        var node = new RabbitMqTestNode(FreePort.Next(DistributionOffset, PrometheusOffset), directory, owned: true);
        await node.StartAgainAsync();
        return node;
    }

    public Task StopAsync() => ExternalCommand.ScriptAsync("rabbitmq-test.sh", NodeEnvironment, "stop", Directory);

    public Task StartAgainAsync() => StartAgainAsync([]);

    /// <summary>Starts the node with more <c>rabbitmq.conf</c> lines for this start only (e.g. a memory watermark).</summary>
    public Task StartAgainAsync(IReadOnlyList<string> configLines)
    {
        var environment = NodeEnvironment;
        if (configLines.Count > 0)
        {
            environment["EVENTS_TEST_RABBITMQ_CONF"] = string.Join('\n', configLines);
        }

        return ExternalCommand.ScriptAsync("rabbitmq-test.sh", environment, "start", Directory, Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A fresh virtual host the guest user may use, so no queue or message of another run is seen.</summary>
    public async Task<string> CreateVirtualHostAsync(string name)
    {
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    /// <summary>The queues of a virtual host as the broker sees them (ready and unacknowledged messages, consumers).</summary>
    public async Task<IReadOnlyList<QueueState>> ListQueuesAsync(string vhost)
    {
        var output = await ExternalCommand.RunAsync("rabbitmqctl", "-n", NodeName, "list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged", "consumers");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 4 && long.TryParse(f[1], out _))
            .Select(f => new QueueState(f[0], long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>
    /// The node's resource alarms so far, set and cleared, as its log records them ("memory resource limit alarm set on
    /// node …"); empty when the log cannot be read. A set alarm makes the broker block every connection that publishes.
    /// </summary>
    public async Task<IReadOnlyList<string>> AlarmsAsync()
    {
        var log = Path.Combine(Directory, "log", $"{NodeName}.log");
        try
        {
            return (await File.ReadAllLinesAsync(log))
                .Where(l => l.Contains("resource limit alarm", StringComparison.Ordinal))
                .Select(l => l.Trim())
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The operating-system process id of the node's Erlang VM (<c>os:getpid()</c>); null when it does not answer with one.</summary>
    public async Task<int?> OperatingSystemProcessIdAsync()
    {
        var output = await CtlAsync("eval", "os:getpid().");
        return int.TryParse(output.Trim().Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>
    /// The node's counters of all virtual hosts from its <c>/metrics</c>: messages publishers sent it
    /// (<c>rabbitmq_global_messages_received_total</c>) and bytes it wrote to disk (<c>rabbitmq_io_write_bytes_total</c>);
    /// null when the endpoint does not answer with both.
    /// </summary>
    public async Task<BrokerCounters?> CountersAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            return BrokerCounters.Parse(await client.GetStringAsync($"http://127.0.0.1:{PrometheusPort}/metrics"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Runs <c>rabbitmqctl</c> against this node; returns what it printed.</summary>
    public Task<string> CtlAsync(params string[] args) => ExternalCommand.RunAsync("rabbitmqctl", ["-n", NodeName, .. args]);

    /// <summary>
    /// The node name scripts/rabbitmq-test.sh gives a node: <c>EVENTS_TEST_RABBITMQ_NODE</c>, else
    /// <c>events-test-&lt;first 10 hex digits of the SHA-256 of its data folder's path&gt;@localhost</c>.
    /// </summary>
    public static string NodeNameFor(string directory) => Environment.GetEnvironmentVariable(NodeVariable) is { Length: > 0 } node
        ? node
        : OwnNodeName(directory);

    private static string OwnNodeName(string directory) => $"events-test-{PathHash(directory)}@localhost";

    /// <summary>Tells scripts/rabbitmq-test.sh which node this is.</summary>
    private Dictionary<string, string> NodeEnvironment => new() { [NodeVariable] = NodeName };

    private static string PathHash(string directory) => directory.Length == 0
        ? ""
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory).TrimEnd('/'))))[..10];
}

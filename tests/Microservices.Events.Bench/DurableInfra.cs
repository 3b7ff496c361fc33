using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Microservices.Events.Bench;

/// <summary>The RabbitMQ and PostgreSQL that <c>scripts/infra.sh up</c> started, found through the variables it writes.</summary>
public sealed record DurableInfra(int RabbitPort, string RabbitNode, string PostgresAdmin)
{
    public static DurableInfra? FromEnvironment(out string? why)
    {
        var port = Environment.GetEnvironmentVariable("EVENTS_TEST_RABBITMQ_PORT");
        var dir = Environment.GetEnvironmentVariable("EVENTS_TEST_RABBITMQ_DIR");
        var postgres = Environment.GetEnvironmentVariable("EVENTS_TEST_POSTGRES");
        if (!int.TryParse(port, out var rabbitPort) || string.IsNullOrEmpty(dir) || string.IsNullOrEmpty(postgres))
        {
            why = "EVENTS_TEST_RABBITMQ_PORT, EVENTS_TEST_RABBITMQ_DIR and EVENTS_TEST_POSTGRES are not set (make bench sets them)";
            return null;
        }

        why = null;
        // As scripts/rabbitmq-test.sh names a node it was not given a name for: by its data folder's path.
        var node = Environment.GetEnvironmentVariable("EVENTS_TEST_RABBITMQ_NODE") is { Length: > 0 } named
            ? named
            : $"events-test-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dir).TrimEnd('/'))))[..10]}@localhost";
        return new DurableInfra(rabbitPort, node, postgres);
    }

    public async Task<string> CreateVirtualHostAsync(string name)
    {
        await RunAsync("rabbitmqctl", "-n", RabbitNode, "add_vhost", name);
        await RunAsync("rabbitmqctl", "-n", RabbitNode, "set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }
    }
}

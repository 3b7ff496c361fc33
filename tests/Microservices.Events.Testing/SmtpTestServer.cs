using System.Globalization;
using System.Text.Json;

namespace Microservices.Events.Testing;

/// <summary>
/// A real SMTP server for tests on a free loopback port (<c>scripts/smtp-test.sh</c>: the npm package smtp-server,
/// installed when missing), optionally requiring a login and offering STARTTLS; stopped on disposal.
/// <see cref="Messages"/> returns what it accepted.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly string _directory;

    private SmtpTestServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <param name="options">Server options: <c>--user NAME --pass PASSWORD</c>, <c>--cert FILE --key FILE</c>.</param>
    public static async Task<SmtpTestServer> StartAsync(params string[] options)
    {
        var directory = Directory.CreateTempSubdirectory("events-smtp-").FullName;
        var port = FreePort.Next();
        try
        {
            await ExternalCommand.ScriptAsync("smtp-test.sh", ["start", directory, port.ToString(CultureInfo.InvariantCulture), .. options]);
            return new SmtpTestServer(directory, port);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The messages accepted so far, in order: envelope and the message as received.</summary>
    public IReadOnlyList<SmtpMessage> Messages()
    {
        var folder = Path.Combine(_directory, "messages");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(json =>
        {
            using var envelope = JsonDocument.Parse(File.ReadAllText(json));
            var root = envelope.RootElement;
            return new SmtpMessage(
                root.GetProperty("from").GetString(),
                root.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToList(),
                root.GetProperty("user").GetString(),
                root.GetProperty("secure").GetBoolean(),
                File.ReadAllText(Path.ChangeExtension(json, ".eml")));
        }).ToList();
    }

    public async ValueTask DisposeAsync() => await ExternalCommand.ScriptAsync("smtp-test.sh", "stop", _directory);
}

/// <summary>A message the SMTP server accepted: envelope sender and recipients, the user that logged in, whether the session used TLS, and the raw message.</summary>
public sealed record SmtpMessage(string? From, IReadOnlyList<string> To, string? User, bool Secure, string Raw);

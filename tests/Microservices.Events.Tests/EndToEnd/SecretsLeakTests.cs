using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Tests.Persistence;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// A scenario whose specs use a webhook token, a GitHub HMAC secret, an http trigger's basic auth and secure header,
/// and an email trigger's SMTP password, with one trigger failing so a failed firing is stored: afterwards no log
/// line, no <c>/metrics</c> line and no stored row holds any of the secrets, with the state in a SQLite file and in a
/// PostgreSQL database (every row of every table searched, in either).
/// </summary>
[Collection(StateCollection.Name)]
public sealed class SecretsLeakTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Token = "tok-7Hq2-webhook";
    private const string HubSecret = "hmac-9Zx4-github";
    private const string HttpUser = "svc-user-2Wn5";
    private const string HttpPassword = "pw-3Kd8-basic";
    private const string ApiKey = "key-5Lm1-header";
    private const string SmtpPassword = "smtp-6Rt0-password";

    private static readonly string[] Secrets =
    [
        Token, HubSecret, HttpPassword, ApiKey, SmtpPassword,
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HttpUser}:{HttpPassword}")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0mailer\0{SmtpPassword}")),
    ];

    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task No_log_line_metric_or_stored_row_holds_a_secret_the_specs_refer_to(string provider)
    {
        var postgresState = provider == "Postgres" ? await postgres.CreateDatabaseAsync() : null;
        await using var smtp = await SmtpTestServer.StartAsync("--user", "mailer", "--pass", SmtpPassword);
        var closedPort = FreePort.Next();
        using var specs = new TempSpecs(("sources.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: vault}
            spec:
              webhook:
                example: {port: "12000", endpoint: /example, method: POST, authSecret: {name: hook, key: token}}
              github:
                hub:
                  webhook: {port: "12000", endpoint: /github, method: POST}
                  repositories: [{owner: argoproj, names: [argo-events]}]
                  events: ["*"]
                  webhookSecret: {name: hub, key: secret}
            """), ("sensor.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata: {name: guarded}
            spec:
              dependencies:
                - {name: dep, eventSourceName: vault, eventName: example}
                - {name: gh, eventSourceName: vault, eventName: hub}
              triggers:
                - template:
                    name: call
                    conditions: dep
                    http:
                      url: {{_sink.BaseUrl}}/called
                      method: POST
                      basicAuth:
                        username: {name: http, key: user}
                        password: {name: http, key: password}
                      secureHeaders:
                        - name: X-Api-Key
                          valueFrom:
                            secretKeyRef: {name: http, key: apikey}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.n}
                          dest: n
                - template:
                    name: unreachable
                    conditions: dep
                    http:
                      url: http://127.0.0.1:{{closedPort}}/never
                      method: POST
                      basicAuth:
                        username: {name: http, key: user}
                        password: {name: http, key: password}
                      secureHeaders:
                        - name: X-Api-Key
                          valueFrom:
                            secretKeyRef: {name: http, key: apikey}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.n}
                          dest: n
                - template:
                    name: mail
                    conditions: dep
                    email:
                      host: 127.0.0.1
                      port: {{smtp.Port}}
                      username: mailer
                      smtpPassword: {name: smtp, key: password}
                      from: events@example.com
                      to: [ops@example.com]
                      subject: Guarded
                      body: an event arrived
                - template:
                    name: hook
                    conditions: gh
                    log: {}
            """));
        using var state = new TempStateFile();
        var logs = new CollectingLoggerProvider();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        if (postgresState is not null)
        {
            builder.Configuration["State:Provider"] = "Postgres";
            builder.Configuration["ConnectionStrings:State"] = postgresState;
        }

        builder.Configuration["Secrets:hook:token"] = Token;
        builder.Configuration["Secrets:hub:secret"] = HubSecret;
        builder.Configuration["Secrets:http:user"] = HttpUser;
        builder.Configuration["Secrets:http:password"] = HttpPassword;
        builder.Configuration["Secrets:http:apikey"] = ApiKey;
        builder.Configuration["Secrets:smtp:password"] = SmtpPassword;
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();

        using var refused = new HttpRequestMessage(HttpMethod.Post, "http://localhost:12000/example") { Content = Json("""{"n":0}""") };
        refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "-wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(refused)).StatusCode);
        using var accepted = new HttpRequestMessage(HttpMethod.Post, "http://localhost:12000/example") { Content = Json("""{"n":1}""") };
        accepted.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(accepted)).StatusCode);
        var push = """{"ref":"refs/heads/main"}"""u8.ToArray();
        using var signed = new HttpRequestMessage(HttpMethod.Post, "http://localhost:12000/github") { Content = new ByteArrayContent(push) };
        signed.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        signed.Headers.Add("X-GitHub-Event", "push");
        signed.Headers.Add("X-Hub-Signature-256", HubSignature.Sign(push, HubSecret));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(signed)).StatusCode);

        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/called")), "the http trigger was not called");
        Assert.True(await Eventually.HoldsAsync(() => smtp.Messages().Count > 0), "the SMTP server received nothing");
        Assert.True(await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.Contains("Sensor guarded trigger hook fired", StringComparison.Ordinal))), "the GitHub delivery did not fire");
        var failed = new StringWriter();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            failed.GetStringBuilder().Clear();
            await FailedFiringsClient.ListAsync(client, new Uri("http://localhost:5000/"), "guarded", null, failed, TextWriter.Null, default);
            return failed.ToString().Contains("guarded/unreachable", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60)), "the unreachable trigger was not kept as a failed firing: " + failed);
        var metrics = await client.GetStringAsync("http://localhost:5000/metrics");
        await app.StopAsync();
        var rows = postgresState is null ? StoredSqliteRows(state.ConnectionString) : await StoredPostgresRowsAsync(postgresState);

        Assert.Contains(rows, r => r.StartsWith("failed_firings | ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("firing_ledger | ", StringComparison.Ordinal));
        Assert.Contains("events_", metrics);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(rows, r => r.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Every row of every table in the state file, as text (blobs decoded as UTF-8).</summary>
    private static List<string> StoredSqliteRows(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
        connection.Open();
        return StoredRows(connection, "SELECT name FROM sqlite_master WHERE type = 'table'");
    }

    /// <summary>Every row of every table in the PostgreSQL database's own schema, as text (bytea decoded as UTF-8).</summary>
    private static async Task<List<string>> StoredPostgresRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return StoredRows(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    }

    /// <summary>Each row of each table <paramref name="listTables"/> names: the table's name, then every column's value.</summary>
    private static List<string> StoredRows(DbConnection connection, string listTables)
    {
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = listTables;
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(tables);
        var rows = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var row = new StringBuilder(table);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(" | ").Append(reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] blob ? Encoding.UTF8.GetString(blob) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                }

                rows.Add(row.ToString());
            }
        }

        return rows;
    }
}

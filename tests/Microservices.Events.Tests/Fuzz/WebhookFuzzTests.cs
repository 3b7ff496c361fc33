using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microservices.Events.Ingress.Sources.Slack;
using Microservices.Events.Ingress.Sources.Webhook;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// Seeded hostile requests through the ingress service's real HTTP pipeline: bodies, content types, methods, sizes,
/// headers, and the signature and token checks of each kind. Each is answered 200 or a 4xx with a message, nothing is
/// logged as an error, and a valid delivery right after still becomes an event.
/// </summary>
public sealed class WebhookFuzzTests(ITestOutputHelper output) : IClassFixture<FuzzIngressFactory>, IDisposable
{
    private static readonly string[] Methods = ["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "X-WEIRD"];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=latin1", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/xml", "application/cloudevents+json", "\u00e9/\u00e9", "json", null,
    ];

    private FuzzIngressFactory? _factory;

    [Fact]
    public async Task Hostile_bodies_methods_content_types_and_headers_get_200_or_a_4xx_and_a_valid_event_still_flows()
    {
        var factory = Factory();
        var run = FuzzRun.Start("webhook requests", output);
        var client = factory.Client();
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < run.Cases; i++)
        {
            using var request = RandomRequest(run.Random, out var description);
            var status = await SendAsync(client, request, run, i, description);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.Empty(factory.Failures());
        await AssertAValidEventFlows(factory, client);
    }

    [Fact]
    public async Task Forged_signatures_and_tokens_are_refused_with_a_4xx_and_nothing_is_published()
    {
        var factory = Factory();
        var run = FuzzRun.Start("signature and token headers", output);
        var client = factory.Client();
        var random = run.Random;
        for (var i = 0; i < run.Cases; i++)
        {
            var body = Encoding.UTF8.GetBytes(random.Chance(70) ? """{"ref":"main","n":3}""" : random.Json());
            var endpoint = random.Pick(["/secure", "/github", "/gitlab", "/slack"]);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var forged = ForgedHeader(random, endpoint, body);
            request.Headers.TryAddWithoutValidation(forged.Name, forged.Value);
            if (endpoint == "/slack")
            {
                request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", random.Chance(50) ? Now() : random.Text(12));
            }

            var status = await SendAsync(client, request, run, i, $"{endpoint} {forged.Name}: {forged.Value}");
            Assert.True(status is >= 400 and < 500, run.Case(i, $"{endpoint} {forged.Name}: {forged.Value} answered {status}"));
        }

        Assert.Empty(factory.Ingestor.Events);
        Assert.Empty(factory.Failures());
        await AssertAValidEventFlows(factory, client);
    }

    [Fact]
    public async Task A_body_exactly_at_maxPayloadSize_is_accepted_and_one_byte_more_is_a_400_naming_the_limit()
    {
        var factory = Factory();
        var client = factory.Client();
        var atLimit = """{"v":""" + "\"" + new string('x', 256 - 8) + "\"}";
        Assert.Equal(256, Encoding.UTF8.GetByteCount(atLimit));

        var accepted = await client.PostAsync("/small", new StringContent(atLimit, Encoding.UTF8, "application/json"));
        var refused = await client.PostAsync("/small", new StringContent(atLimit + " ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("exceeds maxPayloadSize 256", await refused.Content.ReadAsStringAsync());
    }

    public void Dispose() => _factory?.Dispose();

    private FuzzIngressFactory Factory() => _factory ??= new FuzzIngressFactory();

    private static async Task<int> SendAsync(HttpClient client, HttpRequestMessage request, FuzzRun run, int index, string description)
    {
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == 200 || status is >= 400 and < 500, run.Case(index, $"{description} answered {status}: {text}"));
        if (status >= 400 && request.Method != HttpMethod.Head)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), run.Case(index, $"{description} answered {status} without a message"));
        }

        return status;
    }

    private static async Task AssertAValidEventFlows(FuzzIngressFactory factory, HttpClient client)
    {
        while (factory.Ingestor.Events.TryDequeue(out _))
        {
        }

        var body = """{"n":5,"name":"valid"}"""u8.ToArray();
        var plain = await client.PostAsync("/plain", new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        using var signed = new HttpRequestMessage(HttpMethod.Post, "/github") { Content = new ByteArrayContent(body) };
        signed.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        signed.Headers.Add("X-Hub-Signature-256", HubSignature.Sign(body, FuzzIngressFactory.HubSecret));
        signed.Headers.Add("X-GitHub-Event", "push");
        var github = await client.SendAsync(signed);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, github.StatusCode);
        Assert.Equal(["plain", "hub"], factory.Ingestor.Events.Select(e => e.Subject));
    }

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static (string Name, string Value) ForgedHeader(FuzzRandom random, string endpoint, byte[] body)
    {
        var wrongKey = "not-" + random.Text(8);
        return endpoint switch
        {
            "/secure" => ("Authorization", random.Next(4) switch
            {
                0 => "Bearer " + random.Text(40),
                1 => "Bearer " + FuzzIngressFactory.Token[..^1],
                2 => "bearer " + FuzzIngressFactory.Token,
                _ => random.Text(60),
            }),
            "/github" => (random.Chance(50) ? "X-Hub-Signature-256" : "X-Hub-Signature", random.Next(4) switch
            {
                0 => HubSignature.Sign(body, wrongKey),
                1 => "sha256=" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(random.Next(0, 40))),
                2 => random.Pick(["md5=00", "sha1=", "sha256", "=", "sha512=ff"]),
                _ => random.Text(80),
            }),
            "/gitlab" => ("X-Gitlab-Token", random.Chance(50) ? random.Text(30) : FuzzIngressFactory.GitlabToken + "x" + random.Text(3)),
            _ => ("X-Slack-Signature", random.Next(3) switch
            {
                0 => SlackReceiver.Sign(wrongKey, Now(), body),
                1 => "v0=" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                _ => random.Text(70),
            }),
        };
    }

    private static HttpRequestMessage RandomRequest(FuzzRandom random, out string description)
    {
        var method = random.Pick(Methods);
        var endpoint = random.Pick(FuzzIngressFactory.Endpoints);
        var (kind, body) = random.Next(9) switch
        {
            0 => ("json", Encoding.UTF8.GetBytes(random.Json())),
            1 => ("text", Encoding.UTF8.GetBytes(random.Text(400))),
            2 => ("bytes", random.Bytes(600)),
            3 => ("nested", Encoding.UTF8.GetBytes(random.Nested(random.Next(1, 3000), random.Chance(50) ? "[" : "{\"a\":", random.Chance(50) ? "]" : "}"))),
            4 => ("number", Encoding.UTF8.GetBytes($$"""{"n":{{random.Number()}}}""")),
            5 => ("duplicates", Encoding.UTF8.GetBytes("""{"n":1,"n":3,"name":"a","name":"b"}""")),
            6 => ("large", Encoding.UTF8.GetBytes("{\"v\":\"" + new string('x', random.Next(200, 300_000)) + "\"}")),
            7 => ("mutated", Encoding.UTF8.GetBytes(random.Mutate("""{"n":3,"name":"y","list":[1,2,{"a":null}]}""", 6))),
            _ => ("empty", []),
        };
        var request = new HttpRequestMessage(new HttpMethod(method), endpoint + (random.Chance(20) ? "?" + Uri.EscapeDataString(random.Text(30)) + "=" + random.Text(10).Length : ""));
        if (method is not ("GET" or "HEAD") || random.Chance(10))
        {
            request.Content = new ByteArrayContent(body);
            var contentType = random.Pick(ContentTypes);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        for (var h = random.Next(4); h > 0; h--)
        {
            var name = random.Pick(["Authorization", "X-Hub-Signature-256", "X-GitHub-Event", "X-Gitlab-Token", "X-Gitlab-Event", "X-Slack-Signature", "X-Slack-Request-Timestamp", "X-Custom", "Content-Encoding"]);
            request.Headers.TryAddWithoutValidation(name, random.Chance(10) ? new string('h', random.Next(10_000, 64_000)) : random.Text(60));
        }

        description = $"{method} {endpoint} {kind} ({body.Length} bytes, {request.Content?.Headers.ContentType})";
        return request;
    }
}

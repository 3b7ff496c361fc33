using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The webhook EventSource's HTTP behaviour (argo-reference.md §1.1) and CloudEvent mapping (§2).</summary>
public sealed class WebhookTests : IClassFixture<IngressFactory>
{
    private readonly IngressFactory _factory;

    public WebhookTests(IngressFactory factory)
    {
        _factory = factory;
        _factory.Ingestor.Refuse = null;
        _factory.Ingestor.Stall = TimeSpan.Zero;
        while (_factory.Ingestor.Events.TryDequeue(out _))
        {
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_JSON_post_is_accepted_once_the_bus_took_it_and_becomes_an_Argo_shaped_CloudEvent()
    {
        var response = await _factory.ClientForPort(12000).PostAsync("/json", Json("""{"message":"hello","n":1}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var e = Assert.Single(_factory.Ingestor.Events);
        Assert.Matches("^[0-9a-f]{32}$", e.Id);
        Assert.Equal("hooks", e.Source);
        Assert.Equal("webhook", e.Type);
        Assert.Equal("json", e.Subject);
        Assert.Equal("1.0", e.SpecVersion);
        Assert.Equal("application/json", e.DataContentType);
        Assert.True(DateTimeOffset.UtcNow - e.Time < TimeSpan.FromMinutes(1));
        var data = e.Data!.Value;
        Assert.Equal("hello", data.GetProperty("body").GetProperty("message").GetString());
        Assert.Equal(1, data.GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal("application/json; charset=utf-8", data.GetProperty("header").GetProperty("Content-Type")[0].GetString());
        Assert.Equal("platform", data.GetProperty("metadata").GetProperty("team").GetString());
    }

    [Fact]
    public async Task A_GET_turns_the_query_string_into_a_map_of_lists()
    {
        var response = await _factory.ClientForPort(12000).GetAsync("/query?name=a&name=b&x=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = Assert.Single(_factory.Ingestor.Events).Data!.Value.GetProperty("body");
        Assert.Equal(["a", "b"], body.GetProperty("name").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("1", body.GetProperty("x")[0].GetString());
    }

    [Fact]
    public async Task A_form_post_turns_the_form_into_a_map_of_lists()
    {
        var form = new FormUrlEncodedContent([new("a", "1"), new("a", "2"), new("b", "x y")]);

        var response = await _factory.ClientForPort(12000).PostAsync("/json", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = Assert.Single(_factory.Ingestor.Events).Data!.Value.GetProperty("body");
        Assert.Equal(["1", "2"], body.GetProperty("a").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("x y", body.GetProperty("b")[0].GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_and_nothing_is_published()
    {
        var response = await _factory.ClientForPort(12000).PostAsync("/json", Json("{not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
        Assert.Empty(_factory.Ingestor.Events);
    }

    [Fact]
    public async Task The_wrong_method_is_a_400_naming_the_allowed_one()
    {
        var response = await _factory.ClientForPort(12000).PutAsync("/json", Json("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("use POST", await response.Content.ReadAsStringAsync());
        Assert.Empty(_factory.Ingestor.Events);
    }

    [Fact]
    public async Task An_unknown_endpoint_on_a_webhook_port_is_a_404()
    {
        var response = await _factory.ClientForPort(12000).PostAsync("/nope", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_webhook_port_answers_health()
    {
        var response = await _factory.ClientForPort(12001).GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "Invalid Authorization Header")]
    [InlineData("Basic czNjcmV0", HttpStatusCode.Unauthorized, "Invalid Authorization Header")]
    [InlineData("Bearer wrong", HttpStatusCode.Unauthorized, "Invalid Auth token")]
    [InlineData("Bearer s3cret", HttpStatusCode.OK, "success")]
    public async Task A_route_with_authSecret_requires_the_bearer_token(string? authorization, HttpStatusCode expected, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/secure") { Content = Json("{}") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        var response = await _factory.ClientForPort(12000).SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, _factory.Ingestor.Events.Count);
    }

    [Fact]
    public async Task The_bearer_token_is_masked_in_the_event_payload()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/secure") { Content = Json("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        await _factory.ClientForPort(12000).SendAsync(request);

        var header = Assert.Single(_factory.Ingestor.Events).Data!.Value.GetProperty("header");
        Assert.DoesNotContain("s3cret", header.GetRawText());
        Assert.Equal("*** masked ***", header.GetProperty("Authorization")[0].GetString());
    }

    [Fact]
    public async Task A_body_over_maxPayloadSize_is_a_400_and_nothing_is_published()
    {
        var client = _factory.ClientForPort(12001);

        var tooBig = await client.PostAsync("/small", Json($$"""{"x":"{{new string('a', 100)}}"}"""));
        var fits = await client.PostAsync("/small", Json("""{"x":"a"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("maxPayloadSize", await tooBig.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Single(_factory.Ingestor.Events);
    }

    [Fact]
    public async Task The_default_payload_limit_is_one_mebibyte()
    {
        var client = _factory.ClientForPort(12000);
        var padding = new string('a', 1_048_576);

        var response = await client.PostAsync("/json", Json($$"""{"x":"{{padding}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_factory.Ingestor.Events);
    }

    [Fact]
    public async Task When_the_bus_refuses_the_event_the_webhook_answers_503_with_Retry_After()
    {
        _factory.Ingestor.Refuse = new InvalidOperationException("broker unreachable");

        var response = await _factory.ClientForPort(12000).PostAsync("/json", Json("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Empty(_factory.Ingestor.Events);
    }

    [Fact]
    public async Task When_the_bus_does_not_answer_in_time_the_webhook_answers_503()
    {
        _factory.Ingestor.Stall = TimeSpan.FromSeconds(5);

        var response = await _factory.ClientForPort(12000).PostAsync("/json", Json("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_factory.Ingestor.Events);
    }

    [Fact]
    public async Task Requests_on_the_service_port_are_not_webhooks()
    {
        var response = await _factory.CreateClient().PostAsync("/json", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_factory.Ingestor.Events);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/alive")).StatusCode);
    }
}

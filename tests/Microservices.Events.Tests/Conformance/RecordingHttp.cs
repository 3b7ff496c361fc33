using System.Net;

namespace Microservices.Events.Tests.Conformance;

/// <summary>An HttpClient factory whose handler answers every request with one status and keeps each request's method, URL and body.</summary>
internal sealed class RecordingHttp(HttpStatusCode status) : IHttpClientFactory
{
    public List<(HttpMethod Method, Uri? Url, string? Body)> Requests { get; } = [];

    public HttpClient CreateClient(string name) => new(new Handler(this, status));

    private sealed class Handler(RecordingHttp owner, HttpStatusCode status) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            owner.Requests.Add((request.Method, request.RequestUri, body));
            return new HttpResponseMessage(status);
        }
    }
}

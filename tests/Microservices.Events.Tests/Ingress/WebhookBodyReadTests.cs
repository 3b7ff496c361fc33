using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microservices.Events.Tests.Fuzz;

namespace Microservices.Events.Tests.Ingress;

/// <summary>
/// The webhook reads a body whole however it arrives: announced by Content-Length (small ones into an array of that
/// size, large ones as their bytes come) or chunked without a length, and a chunked body over maxPayloadSize is a 400
/// naming the limit.
/// </summary>
public sealed class WebhookBodyReadTests : IDisposable
{
    private readonly FuzzIngressFactory _factory = new();

    public static TheoryData<string, int, bool> Bodies => new()
    {
        { "/plain", 40, true },
        { "/plain", 40, false },
        { "/plain", 70_000, true },
        { "/plain", 70_000, false },
        { "/small", 256, false },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_becomes_the_events_body_byte_for_byte_with_or_without_a_content_length(string endpoint, int size, bool announced)
    {
        var value = Filler(size - 8);
        var body = Encoding.UTF8.GetBytes($$"""{"v":"{{value}}"}""");
        Assert.Equal(size, body.Length);

        var response = await _factory.Client().PostAsync(endpoint, Content(body, announced));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var @event = Assert.Single(_factory.Ingestor.Events);
        Assert.Equal(value, @event.Data!.Value.GetProperty("body").GetProperty("v").GetString());
    }

    [Fact]
    public async Task A_chunked_body_one_byte_over_maxPayloadSize_is_a_400_naming_the_limit_and_no_event()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"v":"{{Filler(249)}}"}""");
        Assert.Equal(257, body.Length);

        var response = await _factory.Client().PostAsync("/small", Content(body, announced: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("exceeds maxPayloadSize 256", await response.Content.ReadAsStringAsync());
        Assert.Empty(_factory.Ingestor.Events);
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>Letters that differ along the string, so a piece read twice or skipped changes it.</summary>
    private static string Filler(int length) => string.Create(length, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + (i * 7 % 26));
        }
    });

    private static HttpContent Content(byte[] body, bool announced)
    {
        // A stream that cannot seek has no length, so the client sends it chunked, in pieces of 1,000 bytes.
        HttpContent content = announced ? new ByteArrayContent(body) : new StreamContent(new PiecewiseStream(body, 1000));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal(announced, content.Headers.ContentLength is not null);
        return content;
    }

    /// <summary>A forward-only stream that hands out at most a piece at a time.</summary>
    private sealed class PiecewiseStream(byte[] data, int piece) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, piece), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// Amazon SNS as an HTTP subscriber sees it, on a free loopback port: it serves its signing certificate (PEM, at
/// <see cref="CertificateUrl"/>), counts the GETs of a subscription's <c>SubscribeURL</c>, and builds messages in SNS's
/// JSON format signed as SNS signs them (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA, over "key\nvalue\n" of the
/// signed keys).
/// </summary>
public sealed class SnsDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;

    private SnsDouble(WebApplication app)
    {
        _app = app;
        var request = new CertificateRequest("CN=sns.us-east-1.amazonaws.com", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public string BaseUrl { get; private set; } = "";

    public string CertificateUrl => $"{BaseUrl}/SimpleNotificationService-test.pem";

    /// <summary>Tokens of the subscriptions confirmed through <c>SubscribeURL</c>.</summary>
    public ConcurrentQueue<string> Confirmed { get; } = new();

    public static async Task<SnsDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sns = new SnsDouble(app);
        app.MapGet("/SimpleNotificationService-test.pem", () => sns._certificate.ExportCertificatePem());
        app.MapGet("/confirm", (string token) =>
        {
            sns.Confirmed.Enqueue(token);
            return Microsoft.AspNetCore.Http.Results.Text("<ConfirmSubscriptionResponse/>", "text/xml");
        });
        await app.StartAsync();
        sns.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sns;
    }

    public JsonObject Notification(string topicArn, string message, string? subject = null, int signatureVersion = 1)
    {
        var json = new JsonObject
        {
            ["Type"] = "Notification",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["TopicArn"] = topicArn,
            ["Message"] = message,
            ["Timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        };
        if (subject is not null)
        {
            json["Subject"] = subject;
        }

        return Signed(json, signatureVersion);
    }

    public JsonObject SubscriptionConfirmation(string topicArn, string token) => Signed(new JsonObject
    {
        ["Type"] = "SubscriptionConfirmation",
        ["MessageId"] = Guid.NewGuid().ToString(),
        ["Token"] = token,
        ["TopicArn"] = topicArn,
        ["Message"] = $"You have chosen to subscribe to the topic {topicArn}.",
        ["SubscribeURL"] = $"{BaseUrl}/confirm?Action=ConfirmSubscription&TopicArn={Uri.EscapeDataString(topicArn)}&token={token}",
        ["Timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    }, 1);

    private JsonObject Signed(JsonObject message, int version)
    {
        var keys = (string)message["Type"]! == "Notification"
            ? new[] { "Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type" }
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = new StringBuilder();
        foreach (var key in keys.Where(k => message[k] is not null))
        {
            text.Append(key).Append('\n').Append((string)message[key]!).Append('\n');
        }

        var hash = version == 2 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
        message["SignatureVersion"] = version.ToString(CultureInfo.InvariantCulture);
        message["Signature"] = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text.ToString()), hash, RSASignaturePadding.Pkcs1));
        message["SigningCertURL"] = CertificateUrl;
        message["UnsubscribeURL"] = $"{BaseUrl}/unsubscribe";
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}

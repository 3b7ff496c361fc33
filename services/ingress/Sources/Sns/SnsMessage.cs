using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Microservices.Events.Ingress.Sources.Sns;

/// <summary>The SNS HTTP message format (pure functions): the text SNS signs, the signature check, the allowed URLs.</summary>
public static class SnsMessage
{
    public const string Notification = "Notification";
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    private static readonly string[] NotificationKeys = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
    private static readonly string[] ConfirmationKeys = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

    public static string Field(JsonObject message, string name) =>
        message[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    /// <summary>"key\nvalue\n" for each signed key present, in SNS's order (Subject only when given).</summary>
    public static byte[] StringToSign(JsonObject message)
    {
        var keys = Field(message, "Type") == Notification ? NotificationKeys : ConfirmationKeys;
        var text = new StringBuilder();
        foreach (var key in keys)
        {
            var value = Field(message, key);
            if (value.Length > 0)
            {
                text.Append(key).Append('\n').Append(value).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Checks <c>Signature</c> (base64) with the certificate's RSA key: SHA1 for SignatureVersion 1, SHA256 for 2.</summary>
    public static bool SignatureValid(JsonObject message, X509Certificate2 certificate)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Field(message, "Signature"));
        }
        catch (FormatException)
        {
            return false;
        }

        var hash = Field(message, "SignatureVersion") == "2" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
        using var rsa = certificate.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(StringToSign(message), signature, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Whether <paramref name="url"/> is https (or http when allowed) on a host matching the pattern.</summary>
    public static bool Allowed(string url, string hostPattern, bool allowHttp) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp))
        && Regex.IsMatch(uri.Host, hostPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
}

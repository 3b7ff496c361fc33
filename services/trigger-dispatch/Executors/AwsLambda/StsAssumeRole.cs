using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microservices.Events.Semantics.Aws;

namespace Microservices.Events.TriggerDispatch.Executors.AwsLambda;

/// <summary>STS refused to hand out credentials for a role: its error code and message.</summary>
public sealed class AssumeRoleException(string message) : Exception(message);

/// <summary>
/// Temporary credentials for <c>roleARN</c> from STS's <c>AssumeRole</c> (Query API, signed with the trigger's own
/// credentials), kept until five minutes before they expire.
/// </summary>
public sealed partial class StsAssumeRole(IHttpClientFactory clients, TimeProvider time)
{
    public const string ClientName = "aws-sts";
    private readonly ConcurrentDictionary<(string KeyId, string Role, string Region), (AwsCredentials Credentials, DateTimeOffset Expires)> _cache = new();

    /// <exception cref="AssumeRoleException"/>
    /// <exception cref="HttpRequestException"/>
    public async Task<AwsCredentials> AssumeAsync(AwsCredentials source, string roleArn, string sessionName, string region, Uri endpoint, CancellationToken cancellationToken)
    {
        var key = (source.AccessKeyId, roleArn, region);
        if (_cache.TryGetValue(key, out var cached) && cached.Expires - TimeSpan.FromMinutes(5) > time.GetUtcNow())
        {
            return cached.Credentials;
        }

        var form = $"Action=AssumeRole&DurationSeconds=3600&RoleArn={SigV4.Encode(roleArn)}&RoleSessionName={SigV4.Encode(sessionName)}&Version=2011-06-15";
        var body = Encoding.UTF8.GetBytes(form);
        var now = time.GetUtcNow();
        var headers = new Dictionary<string, string>
        {
            ["host"] = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}",
            ["x-amz-date"] = SigV4.AmzDate(now),
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
        };
        if (source.SessionToken is { } token)
        {
            headers["x-amz-security-token"] = token;
        }

        var segments = endpoint.AbsolutePath.Trim('/') is { Length: > 0 } path ? path.Split('/').Select(Uri.UnescapeDataString).ToArray() : [];
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", headers["content-type"]);
        request.Headers.TryAddWithoutValidation("x-amz-date", headers["x-amz-date"]);
        if (source.SessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("x-amz-security-token", source.SessionToken);
        }

        request.Headers.TryAddWithoutValidation("Authorization", SigV4.Authorization("POST", segments, headers, body, source, region, "sts", now));
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            throw new AssumeRoleException($"STS answered {(int)response.StatusCode} with a body that is not XML");
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw new AssumeRoleException($"{Child(error, "Code") ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}: {Child(error, "Message")}");
        }

        var credentials = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials");
        if (Child(credentials, "AccessKeyId") is not { } id || Child(credentials, "SecretAccessKey") is not { } secret || Child(credentials, "SessionToken") is not { } session)
        {
            throw new AssumeRoleException("STS answered without credentials");
        }

        var expires = DateTimeOffset.TryParse(Child(credentials, "Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : now.AddMinutes(15);
        var assumed = new AwsCredentials(id, secret, session);
        _cache[key] = (assumed, expires);
        return assumed;
    }

    /// <summary>A role session name STS accepts (2 to 64 of <c>\w+=,.@-</c>) made from the sensor and trigger.</summary>
    public static string SessionName(string sensor, string trigger)
    {
        var name = SessionNameInvalid().Replace($"events-{sensor}-{trigger}", "-");
        return name.Length > 64 ? name[..64] : name;
    }

    private static string? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex SessionNameInvalid();
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The JSON Web Token a GitHub App authenticates with to get an installation token: RS256 over
/// <c>{iat, exp, iss: appID}</c> with the app's private key (PEM), issued a minute in the past (clock drift) for ten minutes at most.
/// </summary>
public static class GithubAppJwt
{
    public static string Create(long appId, string privateKeyPem, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray());
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iat = now.AddSeconds(-60).ToUnixTimeSeconds(),
            exp = now.AddMinutes(9).ToUnixTimeSeconds(),
            iss = appId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var signed = $"{header}.{payload}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

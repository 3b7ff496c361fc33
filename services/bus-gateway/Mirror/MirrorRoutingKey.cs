using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// The routing key of an event on the mirror exchange: <c>&lt;eventSourceName&gt;.&lt;eventName&gt;</c>, always two
/// words. Each name is percent-encoded (UTF-8) except for ASCII letters, digits, <c>-</c> and <c>_</c>, so a dot,
/// <c>*</c>, <c>#</c>, <c>%</c> or space inside a name never adds a word or acts as a wildcard
/// (<c>my.source</c> becomes <c>my%2Esource</c>). A word longer than 127 bytes is cut to at most 118 (never inside an escape) and ends in <c>~</c> and
/// 8 hex digits of the name's SHA-256, keeping the key within AMQP's 255 bytes.
/// </summary>
public static class MirrorRoutingKey
{
    public const int MaxWordBytes = 127;

    public static string For(string eventSourceName, string eventName) => $"{Word(eventSourceName)}.{Word(eventName)}";

    public static string Word(string name)
    {
        var encoded = new StringBuilder(name.Length);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (encoded.Length <= MaxWordBytes)
        {
            return encoded.ToString();
        }

        // Cut before a partial %XX escape, so the kept part still decodes.
        var cut = MaxWordBytes - 9;
        cut -= encoded[cut - 1] == '%' ? 1 : encoded[cut - 2] == '%' ? 2 : 0;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{encoded.ToString(0, cut)}~{hash}";
    }
}

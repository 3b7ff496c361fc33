using System.Globalization;
using System.Text;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Go's base64.StdEncoding decoding: padding required, CR/LF skipped, and on bad input the error
/// <c>illegal base64 data at input byte N</c> with the offset Go reports.
/// </summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The decoded text, or null with <paramref name="error"/> set.</summary>
    public static string? Decode(string text, out string? error)
    {
        var src = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(src.Length * 3 / 4);
        var si = 0;
        error = null;
        while (si < src.Length)
        {
            var (next, bytes, failure) = Quantum(src, si);
            output.AddRange(bytes);
            if (failure is { } offset)
            {
                error = "illegal base64 data at input byte " + offset.ToString(CultureInfo.InvariantCulture);
                return null;
            }

            if (next == si)
            {
                break;
            }

            si = next;
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>Decodes one group of four symbols starting at <paramref name="si"/>.</summary>
    private static (int Next, byte[] Bytes, int? Error) Quantum(byte[] src, int si)
    {
        var buffer = new int[4];
        var length = 4;
        for (var j = 0; j < 4; j++)
        {
            if (si == src.Length)
            {
                if (j == 0)
                {
                    return (si, [], null);
                }

                return (si, [], si - j);
            }

            var c = src[si++];
            var value = Alphabet.IndexOf((char)c);
            if (c < 128 && value >= 0)
            {
                buffer[j] = value;
                continue;
            }

            if (c is (byte)'\n' or (byte)'\r')
            {
                j--;
                continue;
            }

            if (c != '=')
            {
                return (si, [], si - 1);
            }

            switch (j)
            {
                case 0 or 1:
                    return (si, [], si - 1);
                case 2:
                    si = SkipNewlines(src, si);
                    if (si == src.Length)
                    {
                        return (si, [], src.Length);
                    }

                    if (src[si] != '=')
                    {
                        return (si, [], si - 1);
                    }

                    si++;
                    break;
            }

            si = SkipNewlines(src, si);
            length = j;
            var bytes = Assemble(buffer, length);
            return si < src.Length ? (si, bytes, si) : (si, bytes, null);
        }

        return (si, Assemble(buffer, length), null);
    }

    private static int SkipNewlines(byte[] src, int si)
    {
        while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
        {
            si++;
        }

        return si;
    }

    private static byte[] Assemble(int[] buffer, int symbols)
    {
        var value = (buffer[0] << 18) | (buffer[1] << 12) | (buffer[2] << 6) | buffer[3];
        var bytes = new[] { (byte)(value >> 16), (byte)(value >> 8), (byte)value };
        return bytes[..(symbols - 1)];
    }
}

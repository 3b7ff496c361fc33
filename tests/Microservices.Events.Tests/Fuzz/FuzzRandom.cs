using System.Globalization;
using System.Text;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// A seeded source of hostile input: text with control characters and lone surrogates, byte strings that are not
/// UTF-8, deeply nested and very long JSON, huge numbers, duplicate keys, and mutations of a valid text.
/// </summary>
public sealed class FuzzRandom(int seed)
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"", "'", "\\", "\0", "\n", "\t", " ", "null", "true", "false", "-", "+", ".", "e", "E",
        "1e309", "-0", "NaN", "Infinity", "\ud800", "\uffff", "é", "😀", "%", "{{", "}}", "$", "|", "&", "*", "!", "?", "#",
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public int Next(int min, int max) => _random.Next(min, max);

    public bool Chance(int percent) => _random.Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A length that is usually small, sometimes large: the sizes that break parsers are at both ends.</summary>
    public int Length(int max) => Chance(80) ? _random.Next(Math.Min(max, 40) + 1) : _random.Next(max + 1);

    public string Text(int maxLength = 200)
    {
        var length = Length(maxLength);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(_random.Next(4) switch
            {
                0 => Pick(Tokens),
                1 => (char)_random.Next(0x20, 0x7f),
                2 => (char)_random.Next(0, 0x20),
                _ => (char)_random.Next(0x80, 0xffff),
            });
        }

        return text.ToString();
    }

    public byte[] Bytes(int maxLength = 512)
    {
        var bytes = new byte[Length(maxLength)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A huge, tiny or odd number as JSON writes it.</summary>
    public string Number() => _random.Next(6) switch
    {
        0 => new string('9', 1 + _random.Next(400)),
        1 => "1e" + _random.Next(-400, 400).ToString(CultureInfo.InvariantCulture),
        2 => "-0.000000000000000000000000000001",
        3 => long.MinValue.ToString(CultureInfo.InvariantCulture),
        4 => "18446744073709551616",
        _ => _random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>JSON that parses (most of the time) but stresses the reader: nesting, duplicates, numbers, strings.</summary>
    public string Json(int depth = 0)
    {
        if (depth > 6 || Chance(30))
        {
            return _random.Next(5) switch
            {
                0 => Number(),
                1 => System.Text.Json.JsonSerializer.Serialize(Text(40)),
                2 => "true",
                3 => "null",
                _ => "\"" + new string([.. Text(10).Where(c => c is not ('\\' or '"') && !char.IsSurrogate(c))]) + "\"",
            };
        }

        var count = _random.Next(4);
        if (Chance(50))
        {
            var key = Chance(30) ? "k" : "k" + _random.Next(3);
            return "{" + string.Join(",", Enumerable.Range(0, count).Select(_ => $"\"{key}\":{Json(depth + 1)}")) + "}";
        }

        return "[" + string.Join(",", Enumerable.Range(0, count).Select(_ => Json(depth + 1))) + "]";
    }

    /// <summary>Brackets opened <paramref name="depth"/> times (and closed, or not).</summary>
    public string Nested(int depth, string open = "[", string close = "]") =>
        string.Concat(Enumerable.Repeat(open, depth)) + (Chance(50) ? string.Concat(Enumerable.Repeat(close, depth)) : "");

    /// <summary>The text with a few characters replaced, inserted, deleted or a slice repeated.</summary>
    public string Mutate(string text, int edits = 3)
    {
        var chars = new StringBuilder(text);
        for (var i = 0; i < 1 + _random.Next(edits); i++)
        {
            var at = chars.Length == 0 ? 0 : _random.Next(chars.Length);
            switch (_random.Next(4))
            {
                case 0 when chars.Length > 0:
                    chars[at] = (char)_random.Next(0x20, 0x7f);
                    break;
                case 1:
                    chars.Insert(at, Pick(Tokens));
                    break;
                case 2 when chars.Length > 0:
                    chars.Remove(at, Math.Min(chars.Length - at, 1 + _random.Next(8)));
                    break;
                default:
                    var slice = chars.ToString(at, Math.Min(chars.Length - at, 1 + _random.Next(20)));
                    chars.Insert(at, slice);
                    break;
            }
        }

        return chars.ToString();
    }
}

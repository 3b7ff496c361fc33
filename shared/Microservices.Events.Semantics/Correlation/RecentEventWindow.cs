using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>
/// The events a trigger handled recently, oldest first, remembered compactly: a 64-bit digest of the event key and the
/// second it was seen (12 bytes each; stored as one base64url string, 16 characters an entry, which JSON writers
/// leave unescaped). This set is written with
/// the trigger's state on every event, so its size is the cost of every step; a digest instead of the key text keeps
/// 1,024 entries at 16 KiB. Two different keys share a digest with a chance of about 1 in 10^19 per pair. Times are
/// rounded up to the whole second, so an entry may outlive its window by less than a second, never fall short of it.
/// </summary>
[JsonConverter(typeof(RecentEventWindowJsonConverter))]
public sealed class RecentEventWindow
{
    private const int EntryBytes = 12;

    private readonly List<(ulong Digest, uint Second)> _entries;

    public RecentEventWindow() => _entries = [];

    private RecentEventWindow(List<(ulong, uint)> entries) => _entries = entries;

    public int Count => _entries.Count;

    /// <summary>Forgets entries seen <paramref name="window"/> or longer before <paramref name="now"/>, then the oldest beyond <paramref name="keep"/> - 1 (room for one more).</summary>
    public void Trim(DateTimeOffset now, TimeSpan window, int keep)
    {
        var expired = 0;
        while (expired < _entries.Count && now - DateTimeOffset.FromUnixTimeSeconds(_entries[expired].Second) >= window)
        {
            expired++;
        }

        var overflow = _entries.Count - expired - (keep - 1);
        _entries.RemoveRange(0, expired + Math.Max(0, overflow));
    }

    public bool Contains(string key)
    {
        var digest = Digest(key);
        return _entries.Exists(e => e.Digest == digest);
    }

    /// <summary>Adds <paramref name="key"/> as seen at <paramref name="now"/>; false (and nothing changes) when it is already present.</summary>
    public bool TryAdd(string key, DateTimeOffset now)
    {
        var digest = Digest(key);
        if (_entries.Exists(e => e.Digest == digest))
        {
            return false;
        }

        _entries.Add((digest, Second(now)));
        return true;
    }

    /// <summary>Marks <paramref name="key"/> as seen at <paramref name="now"/>, present or not.</summary>
    public void Touch(string key, DateTimeOffset now)
    {
        var digest = Digest(key);
        _entries.RemoveAll(e => e.Digest == digest);
        _entries.Add((digest, Second(now)));
    }

    public string ToBase64Url()
    {
        var bytes = new byte[_entries.Count * EntryBytes];
        WriteEntries(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Writes the same base64url text as <see cref="ToBase64Url"/> as a JSON string, through pooled buffers (no string of its own).</summary>
    public void WriteBase64Url(Utf8JsonWriter writer)
    {
        var length = _entries.Count * EntryBytes;
        var encodedLength = Base64Url.GetEncodedLength(length);
        var buffer = ArrayPool<byte>.Shared.Rent(length + encodedLength);
        try
        {
            var entries = buffer.AsSpan(0, length);
            WriteEntries(entries);
            var written = Base64Url.EncodeToUtf8(entries, buffer.AsSpan(length, encodedLength));
            writer.WriteStringValue(buffer.AsSpan(length, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <exception cref="FormatException">The text is not base64url of whole entries.</exception>
    public static RecentEventWindow FromBase64Url(string text) => FromEntries(Base64Url.DecodeFromChars(text));

    /// <summary><see cref="FromBase64Url(string)"/> from the UTF-8 text itself, decoded through a pooled buffer.</summary>
    /// <exception cref="FormatException">The text is not base64url of whole entries.</exception>
    public static RecentEventWindow FromBase64Url(ReadOnlySpan<byte> utf8)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(utf8.Length));
        try
        {
            var status = Base64Url.DecodeFromUtf8(utf8, buffer, out var consumed, out var written);
            if (status != OperationStatus.Done || consumed != utf8.Length)
            {
                throw new FormatException($"recent events: not base64url ({status} after {consumed} of {utf8.Length} characters)");
            }

            return FromEntries(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteEntries(Span<byte> bytes)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * EntryBytes)..], _entries[i].Digest);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[((i * EntryBytes) + 8)..], _entries[i].Second);
        }
    }

    private static RecentEventWindow FromEntries(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % EntryBytes != 0)
        {
            throw new FormatException($"recent events: {bytes.Length} bytes is not a whole number of {EntryBytes}-byte entries");
        }

        var entries = new List<(ulong, uint)>(bytes.Length / EntryBytes);
        for (var offset = 0; offset < bytes.Length; offset += EntryBytes)
        {
            entries.Add((BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]), BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 8)..])));
        }

        return new RecentEventWindow(entries);
    }

    private static ulong Digest(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    private static uint Second(DateTimeOffset time) =>
        (uint)Math.Clamp((time.ToUnixTimeMilliseconds() + 999) / 1000, 0, uint.MaxValue);
}

/// <summary>
/// Reads and writes a <see cref="RecentEventWindow"/> as its base64url string, as UTF-8 without a .NET string in
/// between. Also reads the earlier form of stored state, an object of event key to time seen, so rows written before
/// the compact form load unchanged.
/// </summary>
public sealed class RecentEventWindowJsonConverter : JsonConverter<RecentEventWindow>
{
    public override RecentEventWindow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var earlier = JsonSerializer.Deserialize<Dictionary<string, DateTimeOffset>>(ref reader, options) ?? [];
            var window = new RecentEventWindow();
            foreach (var (key, seen) in earlier.OrderBy(e => e.Value))
            {
                window.Touch(key, seen);
            }

            return window;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"recent events: expected a base64url string, got {reader.TokenType}");
        }

        try
        {
            // Base64url needs no escapes, so the text is usually read where it lies; otherwise as a string.
            return reader is { HasValueSequence: false, ValueIsEscaped: false }
                ? RecentEventWindow.FromBase64Url(reader.ValueSpan)
                : RecentEventWindow.FromBase64Url(reader.GetString()!);
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, RecentEventWindow value, JsonSerializerOptions options) =>
        value.WriteBase64Url(writer);
}

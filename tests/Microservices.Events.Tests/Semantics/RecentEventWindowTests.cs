using System.Globalization;
using System.Text.Json;
using Microservices.Events.Semantics.Correlation;

namespace Microservices.Events.Tests.Semantics;

/// <summary>The compact duplicate window a trigger keeps in its saga row.</summary>
public sealed class RecentEventWindowTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2024-07-15T12:00:00Z", CultureInfo.InvariantCulture);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_key_is_added_once_and_then_recognised()
    {
        var window = new RecentEventWindow();

        Assert.True(window.TryAdd("A/src/1", Noon));
        Assert.False(window.TryAdd("A/src/1", Noon.AddSeconds(5)));
        Assert.True(window.Contains("A/src/1"));
        Assert.False(window.Contains("A/src/2"));
        Assert.Equal(1, window.Count);
    }

    [Fact]
    public void An_entry_is_forgotten_once_the_window_has_passed_and_not_before()
    {
        var window = new RecentEventWindow();
        window.TryAdd("A/src/1", Noon);

        window.Trim(Noon.AddSeconds(59.9), Minute, 1024);
        Assert.True(window.Contains("A/src/1"));

        window.Trim(Noon.AddSeconds(60), Minute, 1024);
        Assert.False(window.Contains("A/src/1"));
    }

    [Fact]
    public void A_fraction_of_a_second_rounds_up_so_the_window_is_never_shortened()
    {
        var window = new RecentEventWindow();
        window.TryAdd("A/src/1", Noon.AddMilliseconds(400));

        window.Trim(Noon.AddSeconds(60.3), Minute, 1024);

        Assert.True(window.Contains("A/src/1"));
    }

    [Fact]
    public void Beyond_the_cap_the_oldest_entries_go_first_leaving_room_for_one_more()
    {
        var window = new RecentEventWindow();
        for (var i = 0; i < 10; i++)
        {
            window.TryAdd($"A/src/{i}", Noon.AddSeconds(i));
        }

        window.Trim(Noon.AddSeconds(10), Minute, 4);

        Assert.Equal(3, window.Count);
        Assert.False(window.Contains("A/src/6"));
        Assert.True(window.Contains("A/src/7"));
        Assert.True(window.Contains("A/src/9"));
    }

    [Fact]
    public void Touch_moves_a_key_to_the_newest_end_without_duplicating_it()
    {
        var window = new RecentEventWindow();
        window.TryAdd("A/src/1", Noon);
        window.TryAdd("A/src/2", Noon.AddSeconds(1));

        window.Touch("A/src/1", Noon.AddSeconds(50));
        window.Trim(Noon.AddSeconds(70), Minute, 1024);

        Assert.Equal(1, window.Count);
        Assert.True(window.Contains("A/src/1"));
    }

    [Fact]
    public void Json_round_trip_keeps_every_entry_and_its_time()
    {
        var window = new RecentEventWindow();
        window.TryAdd("A/src/1", Noon);
        window.TryAdd("B/src/2", Noon.AddSeconds(30));

        var json = JsonSerializer.Serialize(window);
        var read = JsonSerializer.Deserialize<RecentEventWindow>(json)!;

        Assert.StartsWith("\"", json, StringComparison.Ordinal);
        Assert.Equal(2, read.Count);
        Assert.True(read.Contains("A/src/1"));
        read.Trim(Noon.AddSeconds(60), Minute, 1024);
        Assert.False(read.Contains("A/src/1"));
        Assert.True(read.Contains("B/src/2"));
    }

    [Fact]
    public void The_json_is_the_base64url_text_so_rows_written_before_and_after_read_alike()
    {
        var window = new RecentEventWindow();
        for (var i = 0; i < 1024; i++)
        {
            window.TryAdd($"A/src/{i}", Noon.AddSeconds(i));
        }

        var json = JsonSerializer.Serialize(window);
        var fromText = JsonSerializer.Deserialize<RecentEventWindow>($"\"{window.ToBase64Url()}\"")!;
        var fromJson = JsonSerializer.Deserialize<RecentEventWindow>(json)!;

        Assert.Equal($"\"{window.ToBase64Url()}\"", json);
        Assert.Equal(window.ToBase64Url(), fromText.ToBase64Url());
        Assert.Equal(window.ToBase64Url(), fromJson.ToBase64Url());
        Assert.Equal(1024, fromJson.Count);
    }

    [Fact]
    public void An_escaped_or_empty_window_string_is_read_too()
    {
        var window = new RecentEventWindow();
        window.TryAdd("A/src/1", Noon);
        var text = window.ToBase64Url();

        var escaped = JsonSerializer.Deserialize<RecentEventWindow>($"\"\\u{(int)text[0]:x4}{text[1..]}\"")!;
        var empty = JsonSerializer.Deserialize<RecentEventWindow>("\"\"")!;

        Assert.True(escaped.Contains("A/src/1"));
        Assert.Equal(0, empty.Count);
        Assert.Equal("\"\"", JsonSerializer.Serialize(new RecentEventWindow()));
    }

    [Fact]
    public void A_thousand_entries_stay_under_sixteen_kilobytes_of_json()
    {
        var window = new RecentEventWindow();
        for (var i = 0; i < 1024; i++)
        {
            window.TryAdd($"dependency-with-a-long-name/event-source-name/{Guid.NewGuid()}", Noon);
        }

        Assert.True(JsonSerializer.Serialize(window).Length <= 16 * 1024 + 2);
    }

    [Fact]
    public void State_written_as_an_object_of_keys_and_times_is_read()
    {
        var json = """{"A/src/1": "2024-07-15T12:00:00+00:00", "B/src/2": "2024-07-15T12:00:30+00:00"}""";

        var read = JsonSerializer.Deserialize<RecentEventWindow>(json)!;

        Assert.Equal(2, read.Count);
        read.Trim(Noon.AddSeconds(60), Minute, 1024);
        Assert.False(read.Contains("A/src/1"));
        Assert.True(read.Contains("B/src/2"));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"not base64!\"")]
    [InlineData("\"AAAA\"")]
    public void Unreadable_state_is_a_json_error(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RecentEventWindow>(json));
}

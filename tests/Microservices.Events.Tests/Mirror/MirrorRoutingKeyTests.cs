using Microservices.Events.BusGateway.Mirror;

namespace Microservices.Events.Tests.Mirror;

public sealed class MirrorRoutingKeyTests
{
    [Theory]
    [InlineData("webhook", "example", "webhook.example")]
    [InlineData("my-source", "push_event", "my-source.push_event")]
    [InlineData("my.source", "a.b", "my%2Esource.a%2Eb")]
    [InlineData("src", "*", "src.%2A")]
    [InlineData("src", "#", "src.%23")]
    [InlineData("src", "50%", "src.50%25")]
    [InlineData("src", "two words", "src.two%20words")]
    [InlineData("src", "é", "src.%C3%A9")]
    [InlineData("src", "", "src.")]
    public void Each_name_becomes_one_word_of_the_routing_key(string source, string name, string expected) =>
        Assert.Equal(expected, MirrorRoutingKey.For(source, name));

    [Fact]
    public void A_name_whose_encoding_exceeds_127_bytes_is_cut_and_ends_in_a_hash_of_the_name()
    {
        var word = MirrorRoutingKey.Word(new string('a', 200));
        Assert.Equal(MirrorRoutingKey.MaxWordBytes, word.Length);
        Assert.Matches("^a{118}~[0-9a-f]{8}$", word);
        Assert.NotEqual(word, MirrorRoutingKey.Word(new string('a', 201)));
    }

    [Fact]
    public void A_long_name_is_never_cut_inside_an_escape()
    {
        var word = MirrorRoutingKey.Word(new string('.', 100));
        Assert.Matches("^(%2E)+~[0-9a-f]{8}$", word);
        Assert.True(word.Length <= MirrorRoutingKey.MaxWordBytes);
    }

    [Fact]
    public void The_routing_key_of_the_longest_names_fits_in_255_bytes() =>
        Assert.True(MirrorRoutingKey.For(new string('x', 1000), new string('.', 1000)).Length <= 255);
}

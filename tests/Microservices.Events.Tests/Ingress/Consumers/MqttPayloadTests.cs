using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Mqtt;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The data and the id of an MQTT message.</summary>
public sealed class MqttPayloadTests
{
    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_message_becomes_Argos_MQTT_event_data()
    {
        Assert.True(MqttPayload.TryCreate("plant/1", 7, Bytes("""{"t": 21.5}"""), jsonBody: true, new Dictionary<string, string> { ["site"] = "x" }, out var data, out _));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"topic":"plant/1","messageId":7,"body":{"t":21.5},"metadata":{"site":"x"}}"""), data), data!.ToJsonString());
    }

    [Fact]
    public void Without_jsonBody_the_body_is_base64_and_bad_JSON_with_it_is_malformed()
    {
        Assert.True(MqttPayload.TryCreate("t", 1, Bytes("on"), jsonBody: false, null, out var data, out _));
        Assert.Equal("b24=", (string)data!["body"]!);
        Assert.False(MqttPayload.TryCreate("t", 1, Bytes("on"), jsonBody: true, null, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void A_QoS_1_message_sent_again_keeps_its_id_and_another_packet_gets_another()
    {
        var id = MqttPayload.IdCoordinates("t", 7, qos0: false, retained: false, Bytes("a"));
        Assert.Equal(id, MqttPayload.IdCoordinates("t", 7, qos0: false, retained: false, Bytes("a")));
        Assert.NotEqual(id, MqttPayload.IdCoordinates("t", 8, qos0: false, retained: false, Bytes("a")));
        Assert.NotEqual(id, MqttPayload.IdCoordinates("t", 7, qos0: false, retained: false, Bytes("b")));
        Assert.NotEqual(id, MqttPayload.IdCoordinates("u", 7, qos0: false, retained: false, Bytes("a")));
    }

    [Fact]
    public void A_QoS_0_message_gets_a_fresh_id_and_a_retained_one_is_known_by_topic_and_payload()
    {
        Assert.Null(MqttPayload.IdCoordinates("t", 0, qos0: true, retained: false, Bytes("a")));
        Assert.Equal(MqttPayload.IdCoordinates("t", 3, qos0: false, retained: true, Bytes("a")), MqttPayload.IdCoordinates("t", 9, qos0: false, retained: true, Bytes("a")));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:1883")]
    [InlineData("mqtt://broker")]
    [InlineData("ssl://broker:8883")]
    [InlineData("ws://broker:9001/mqtt")]
    public void Broker_URLs_of_every_scheme_give_a_persistent_session_under_the_client_id(string url)
    {
        var options = MqttConnection.Options(url, "ingress-1", "user", "secret");
        Assert.False(options.CleanSession);
        Assert.Equal("ingress-1", options.ClientId);
        Assert.Equal("user", options.Credentials.GetUserName(options));
    }
}

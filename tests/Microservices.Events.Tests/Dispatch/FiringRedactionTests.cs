using System.Text.Json.Nodes;
using Microservices.Events.TriggerDispatch.Failures;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>What is stored of a failed firing: credentials masked, references and everything else kept.</summary>
public sealed class FiringRedactionTests
{
    public static TheoryData<string, string> Rows => new()
    {
        {
            """{"headers":{"Authorization":"Bearer x","X-Api-Key":"k","set-cookie":"c","X-Team":"t"}}""",
            """{"headers":{"Authorization":"[redacted]","X-Api-Key":"[redacted]","set-cookie":"[redacted]","X-Team":"t"}}"""
        },
        {
            """{"password":"p","access_token":"t","clientSecret":"s","name":"n","count":3}""",
            """{"password":"[redacted]","access_token":"[redacted]","clientSecret":"[redacted]","name":"n","count":3}"""
        },
        {
            // Secret references are names, not values: kept.
            """{"basicAuth":{"password":{"name":"creds","key":"password"}},"tokenSecret":{"name":"s","key":"k"}}""",
            """{"basicAuth":{"password":{"name":"creds","key":"password"}},"tokenSecret":{"name":"s","key":"k"}}"""
        },
        {
            """{"url":"https://user:pw@example.com/a?b=1","list":["ftp://u@h/x","plain"]}""",
            """{"url":"https://[redacted]@example.com/a?b=1","list":["ftp://[redacted]@h/x","plain"]}"""
        },
        { "null", "null" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Credentials_are_masked_and_the_rest_is_kept(string input, string expected) =>
        Assert.Equal(JsonNode.Parse(expected)?.ToJsonString() ?? "null", FiringRedaction.Redact(JsonNode.Parse(input))?.ToJsonString() ?? "null");

    [Theory]
    [InlineData("POST http://a:b@h/x answered 500", "POST http://[redacted]@h/x answered 500")]
    [InlineData("mail to user@example.com failed", "mail to user@example.com failed")]
    public void Error_texts_lose_the_user_info_of_urls(string text, string expected) =>
        Assert.Equal(expected, FiringRedaction.RedactText(text));
}

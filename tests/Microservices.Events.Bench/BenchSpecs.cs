using System.Globalization;

namespace Microservices.Events.Bench;

/// <summary>
/// Webhooks <c>/a</c> and <c>/b</c>; sensor <c>bench</c> with trigger <c>one</c> (A alone, fires once per A event) and
/// trigger <c>pair</c> (A &amp;&amp; B). Both call the sink with the sequence numbers of the events they consumed.
/// </summary>
public static class BenchSpecs
{
    public static void Write(string directory, int webhookPort, string sinkUrl)
    {
        Directory.CreateDirectory(directory);
        var port = webhookPort.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(directory, "eventsource.yaml"), $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata:
              name: bench
            spec:
              webhook:
                a: {port: "{{port}}", endpoint: /a, method: POST}
                b: {port: "{{port}}", endpoint: /b, method: POST}
            """);
        File.WriteAllText(Path.Combine(directory, "sensor.yaml"), $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Sensor
            metadata:
              name: bench
            spec:
              dependencies:
                - {name: A, eventSourceName: bench, eventName: a}
                - {name: B, eventSourceName: bench, eventName: b}
              triggers:
                - template:
                    name: one
                    conditions: "A"
                    http:
                      url: {{sinkUrl}}/one
                      payload:
                        - src: {dependencyName: A, dataKey: body.n, useRawData: true}
                          dest: n
                  retryStrategy: {steps: 5, duration: 200ms}
                - template:
                    name: pair
                    conditions: "A && B"
                    http:
                      url: {{sinkUrl}}/pair
                      payload:
                        - src: {dependencyName: A, dataKey: body.n, useRawData: true}
                          dest: a
                        - src: {dependencyName: B, dataKey: body.n, useRawData: true}
                          dest: b
                  retryStrategy: {steps: 5, duration: 200ms}
            """);
    }
}

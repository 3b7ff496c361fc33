namespace Microservices.Events.Tests.Durable;

/// <summary>The manifests the multi-process tests run: three webhooks, a pairing (AND) sensor and a one-event sensor.</summary>
public static class DurableSpecs
{
    public const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: hooks
        spec:
          webhook:
            a: {port: "{WEBHOOK_PORT}", endpoint: /a, method: POST}
            b: {port: "{WEBHOOK_PORT}", endpoint: /b, method: POST}
            c: {port: "{WEBHOOK_PORT}", endpoint: /c, method: POST}
        """;

    public static string Sensors(string sinkUrl) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: pairs
        spec:
          dependencies:
            - {name: A, eventSourceName: hooks, eventName: a}
            - {name: B, eventSourceName: hooks, eventName: b}
          triggers:
            - template:
                name: pair
                conditions: "A && B"
                http:
                  url: {{sinkUrl}}/pair
                  payload:
                    - src: {dependencyName: A, dataKey: body.pair, useRawData: true}
                      dest: a
                    - src: {dependencyName: B, dataKey: body.pair, useRawData: true}
                      dest: b
              retryStrategy: {steps: 5, duration: 200ms}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: each
        spec:
          dependencies:
            - {name: C, eventSourceName: hooks, eventName: c}
          triggers:
            - template:
                name: relay
                http:
                  url: {{sinkUrl}}/each
                  payload:
                    - src: {dependencyName: C, dataKey: body.n, useRawData: true}
                      dest: n
              retryStrategy: {steps: 5, duration: 200ms}
        """;
}

namespace Microservices.Events.Testing;

/// <summary>
/// One request an <see cref="HttpSink"/> recorded: <paramref name="At"/> is when it was recorded (after the body and any
/// delay), <paramref name="ArrivedAt"/> the <see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival, for latencies;
/// <paramref name="ClientCertificateSubject"/> the subject of the certificate the client presented over TLS, if any.
/// </summary>
public sealed record SinkRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At, long ArrivedAt, string? ClientCertificateSubject = null);

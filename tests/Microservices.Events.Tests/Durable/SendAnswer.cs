namespace Microservices.Events.Tests.Durable;

/// <summary>
/// One attempt of a <see cref="RetryingSender"/>: its number (from 1), the answer (the status code, <c>connection
/// error</c> or <c>timed out</c>), when it was sent and when the answer came.
/// </summary>
public sealed record SendAnswer(int Attempt, string Answer, DateTimeOffset SentAt, DateTimeOffset AnsweredAt);

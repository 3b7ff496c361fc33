namespace Microservices.Events.ServiceDefaults;

/// <summary>A message that can never succeed (e.g. invalid input): not retried, moved straight to the <c>_error</c> queue.</summary>
public class PermanentFailureException(string message) : Exception(message);

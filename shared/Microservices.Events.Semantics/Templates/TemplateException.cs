namespace Microservices.Events.Semantics.Templates;

/// <summary>A Go template could not be parsed or executed; the message says where and why.</summary>
public sealed class TemplateException(string message) : Exception(message);

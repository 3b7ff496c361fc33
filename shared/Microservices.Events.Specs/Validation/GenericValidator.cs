using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>generic</c> events: the server address, the auth secret reference and the filter.</summary>
internal static class GenericValidator
{
    public static void Validate(string path, GenericEventSource generic, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(generic.Url))
        {
            d.Add(EventSourceValidator.Error($"{path}.url", "required: the gRPC server's host:port"));
        }
        else if (!Uri.TryCreate(generic.ServerAddress(), UriKind.Absolute, out var uri) || uri.Port <= 0 || string.IsNullOrEmpty(uri.Host))
        {
            d.Add(EventSourceValidator.Error($"{path}.url", $"\"{generic.Url}\" is not host:port"));
        }

        if (generic.AuthSecret is { } secret && (string.IsNullOrWhiteSpace(secret.Name) || string.IsNullOrWhiteSpace(secret.Key)))
        {
            d.Add(EventSourceValidator.Error($"{path}.authSecret", "names no secret: set name and key"));
        }

        EventSourceValidator.ValidateFilter(path, generic.Filter, d);
    }
}

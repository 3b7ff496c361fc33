using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>sqs</c> events: Argo's required fields, the receive wait, credentials and what does not run here.</summary>
public static class SqsValidator
{
    /// <summary>SQS long polling waits at most 20 seconds.</summary>
    public const long MaxWaitTimeSeconds = 20;

    public static void Validate(string path, SqsEventSource sqs, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(sqs.Region))
        {
            d.Add(EventSourceValidator.Error($"{path}.region", "required"));
        }

        if (string.IsNullOrWhiteSpace(sqs.Queue))
        {
            d.Add(EventSourceValidator.Error($"{path}.queue", "required (the queue's name; its URL is looked up)"));
        }

        if (sqs.WaitTimeSeconds is < 0 or > MaxWaitTimeSeconds)
        {
            d.Add(EventSourceValidator.Error($"{path}.waitTimeSeconds", $"{sqs.WaitTimeSeconds} is outside 0-{MaxWaitTimeSeconds} (0 means Argo's default of 3 seconds)"));
        }

        if ((sqs.AccessKey is null) != (sqs.SecretKey is null))
        {
            d.Add(EventSourceValidator.Error($"{path}.{(sqs.AccessKey is null ? "accessKey" : "secretKey")}", "required when the other of accessKey and secretKey is given"));
        }

        if (sqs.SessionToken is not null && sqs.AccessKey is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.sessionToken", "needs accessKey and secretKey (the temporary credentials it belongs to)"));
        }

        if (!string.IsNullOrWhiteSpace(sqs.Endpoint)
            && !(Uri.TryCreate(sqs.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            d.Add(EventSourceValidator.Error($"{path}.endpoint", $"\"{sqs.Endpoint}\" is not an http(s) URL such as http://localhost:4566"));
        }

        if (!string.IsNullOrWhiteSpace(sqs.RoleARN))
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.roleARN",
                "assuming a role is not run here (it needs AWS STS): this event is not consumed; give accessKey and secretKey (with sessionToken for temporary credentials), or no credentials for the default AWS credential chain"));
        }

        EventSourceValidator.ValidateFilter(path, sqs.Filter, d);
    }
}

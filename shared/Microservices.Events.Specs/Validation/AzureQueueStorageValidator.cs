using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// Load-time checks of <c>azureQueueStorage</c> events: Argo's required fields, the wait between empty reads, the
/// connection string secret, and Azure AD sign-in (<c>storageAccountName</c> alone), which does not run here.
/// </summary>
public static class AzureQueueStorageValidator
{
    public static void Validate(string path, AzureQueueStorageEventSource queue, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(queue.QueueName))
        {
            d.Add(EventSourceValidator.Error($"{path}.queueName", "required"));
        }

        if (queue.WaitTimeInSeconds is < 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.waitTimeInSeconds", $"{queue.WaitTimeInSeconds} must not be negative (0 means Argo's default of 3 seconds)"));
        }

        if (queue.ConnectionString is null)
        {
            d.Add(string.IsNullOrWhiteSpace(queue.StorageAccountName)
                ? EventSourceValidator.Error($"{path}.connectionString", "required: connectionString, or storageAccountName for Azure AD sign-in")
                : new(DiagnosticSeverity.Unsupported, $"{path}.storageAccountName",
                    "signing in to the storage account with Azure AD credentials is not run here: this event is not consumed; give connectionString (a secret holding the account's connection string)"));
        }

        foreach (var problem in SecretProblems.Of("connectionString", queue.ConnectionString, required: false))
        {
            d.Add(EventSourceValidator.Error($"{path}.{problem.Field}", problem.Message));
        }

        EventSourceValidator.ValidateFilter(path, queue.Filter, d);
    }
}

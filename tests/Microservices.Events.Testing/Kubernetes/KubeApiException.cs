using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>An API error as the server reports it: HTTP code, <c>reason</c> (NotFound, AlreadyExists, Conflict, Invalid, ...) and message.</summary>
public sealed class KubeApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    /// <summary>The <c>Status</c> object the server answers with.</summary>
    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = details?.DeepClone(),
        ["code"] = Code,
    };

    public static KubeApiException NotFound(KubeResourceType type, string name) =>
        new(404, "NotFound", $"{Resource(type)} \"{name}\" not found", Details(type, name));

    public static KubeApiException AlreadyExists(KubeResourceType type, string name) =>
        new(409, "AlreadyExists", $"{Resource(type)} \"{name}\" already exists", Details(type, name));

    public static KubeApiException Conflict(KubeResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Resource(type)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(type, name));

    public static KubeApiException Invalid(KubeResourceType type, string name, string field, string problem) =>
        new(422, "Invalid", $"{type.Kind}{(type.Group.Length > 0 ? "." + type.Group : "")} \"{name}\" is invalid: {field}: {problem}", Details(type, name));

    public static KubeApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiException Forbidden(string verb, KubeResourceType type, string? ns, string user = "system:serviceaccount:default:default") =>
        new(403, "Forbidden", $"{Resource(type)} is forbidden: User \"{user}\" cannot {verb} resource \"{type.Plural}\" in API group \"{type.Group}\"{(ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"")}");

    private static string Resource(KubeResourceType type) => type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";

    private static JsonObject Details(KubeResourceType type, string name) => new() { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural };
}

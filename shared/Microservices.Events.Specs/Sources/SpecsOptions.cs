using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.Specs.Sources;

/// <summary>Configuration section <c>Specs</c>: where EventSource and Sensor manifests are read from.</summary>
public sealed class SpecsOptions
{
    public const string Section = "Specs";

    /// <summary>A folder of YAML manifests, read recursively and reloaded when files change.</summary>
    [Required(ErrorMessage = "Specs:Directory is required: the folder of EventSource and Sensor manifests")]
    public string Directory { get; set; } = "";

    /// <summary>Quiet period after the last file change before reloading.</summary>
    [Range(0, 60_000)]
    public int ReloadDebounceMilliseconds { get; set; } = 300;
}

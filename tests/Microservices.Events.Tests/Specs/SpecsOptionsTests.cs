using System.ComponentModel.DataAnnotations;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Tests.Specs;

/// <summary>The Specs options: one source at a time, with the settings that belong to it.</summary>
public sealed class SpecsOptionsTests
{
    public static TheoryData<string, SpecsOptions, string?> Cases => new()
    {
        { "a folder", new SpecsOptions { Directory = "/specs" }, null },
        { "no folder", new SpecsOptions(), "Specs:Directory is required" },
        { "custom resources everywhere", new SpecsOptions { Source = SpecSourceKind.Kubernetes }, null },
        { "custom resources in two namespaces", new SpecsOptions { Source = SpecSourceKind.Kubernetes, Namespaces = ["argo", "team-a"], LabelSelector = "runner=microservices" }, null },
        { "a folder and custom resources", new SpecsOptions { Source = SpecSourceKind.Kubernetes, Directory = "/specs" }, "Specs:Directory is set while Specs:Source is Kubernetes" },
        { "namespaces for a folder", new SpecsOptions { Directory = "/specs", Namespaces = ["argo"] }, "Specs:Namespaces and Specs:LabelSelector apply only to Specs:Source=Kubernetes" },
        { "a bad namespace", new SpecsOptions { Source = SpecSourceKind.Kubernetes, Namespaces = ["Argo_Events"] }, "Specs:Namespaces:0 \"Argo_Events\" is not a namespace name" },
        { "a namespace twice", new SpecsOptions { Source = SpecSourceKind.Kubernetes, Namespaces = ["argo", "argo"] }, "Specs:Namespaces names a namespace more than once" },
        { "an empty selector", new SpecsOptions { Source = SpecSourceKind.Kubernetes, LabelSelector = " " }, "Specs:LabelSelector is empty" },
        { "a watch timeout of zero", new SpecsOptions { Source = SpecSourceKind.Kubernetes, WatchTimeoutSeconds = 0 }, "WatchTimeoutSeconds" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Options_are_refused_with_a_message_naming_the_setting_for_a_bad_combination(string situation, SpecsOptions options, string? expected)
    {
        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        if (expected is null)
        {
            Assert.True(valid, $"{situation}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }
        else
        {
            Assert.Contains(results, r => r.ErrorMessage!.Contains(expected, StringComparison.Ordinal));
        }
    }
}

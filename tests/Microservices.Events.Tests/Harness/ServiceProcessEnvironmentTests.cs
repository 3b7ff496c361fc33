using Microservices.Events.Testing;

namespace Microservices.Events.Tests.Harness;

/// <summary>The variables a service process starts with: the tests' workstation GC unless a caller asks for the shipped one.</summary>
public sealed class ServiceProcessEnvironmentTests
{
    [Theory]
    [InlineData(null, null, "0")]
    [InlineData(null, "1", "1")]
    [InlineData(null, "", null)]
    [InlineData("1", null, "0")]
    [InlineData("1", "", null)]
    public void The_garbage_collector_is_the_workstation_one_unless_given_and_an_empty_value_leaves_it_to_the_runtimeconfig(
        string? inherited, string? given, string? started)
    {
        var environment = new Dictionary<string, string?> { ["PATH"] = "/bin" };
        if (inherited is not null)
        {
            environment[ServiceProcess.GcServerVariable] = inherited;
        }

        var settings = new Dictionary<string, string> { ["Bus__Transport"] = "RabbitMq" };
        if (given is not null)
        {
            settings[ServiceProcess.GcServerVariable] = given;
        }

        ServiceProcess.Apply(environment, settings);

        Assert.Equal(started, environment.GetValueOrDefault(ServiceProcess.GcServerVariable));
        Assert.Equal(started is not null, environment.ContainsKey(ServiceProcess.GcServerVariable));
        Assert.Equal(("/bin", "RabbitMq"), (environment["PATH"], environment["Bus__Transport"]));
    }
}

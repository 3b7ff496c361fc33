namespace Microservices.Events.Cli;

public sealed class Program
{
    public static Task<int> Main(string[] args) => EventsCommand.Create().Parse(args).InvokeAsync();
}

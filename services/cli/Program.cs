namespace Microservices.Events.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => EventsCommand.Create().Parse(args).InvokeAsync();
}

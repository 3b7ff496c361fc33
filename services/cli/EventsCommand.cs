using System.CommandLine;

namespace Microservices.Events.Cli;

/// <summary>The <c>events</c> command line: <c>run</c>, <c>validate</c>, <c>simulate</c> and <c>firings</c>.</summary>
public static class EventsCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Microservices.Events: event-driven automation that runs Argo Events EventSource and Sensor manifests.");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(ValidateCommand());
        root.Subcommands.Add(SimulateCommand());
        root.Subcommands.Add(FiringsCommand());
        return root;
    }

    private static Command RunCommand()
    {
        var specs = new Option<DirectoryInfo>("--specs") { Description = "Folder of EventSource and Sensor manifests (reloaded on change)", Required = true };
        var urls = new Option<string>("--urls") { Description = "Where /health, /metrics and the built-in /sink listen", DefaultValueFactory = _ => "http://localhost:8080" };
        var state = new Option<FileInfo?>("--state") { Description = "SQLite file for saga state, de-duplication keys and the firing ledger (default: .state/events.db in the working folder)" };
        var command = new Command("run", "Run all four services in one process on the in-memory bus") { specs, urls, state };
        command.SetAction((result, cancellationToken) =>
            EmbeddedRunner.RunAsync(result.GetValue(specs)!, result.GetValue(urls)!, result.GetValue(state), Console.Out, cancellationToken));
        return command;
    }

    private static Command SimulateCommand()
    {
        var sensor = new Option<FileInfo>("--sensor") { Description = "A Sensor manifest", Required = true };
        var events = new Option<FileInfo>("--events") { Description = "JSON lines: one structured-mode CloudEvent per line, in time order", Required = true };
        var command = new Command("simulate", "Run a sensor offline over recorded CloudEvents and print one JSON object per firing") { sensor, events };
        command.SetAction((result, cancellationToken) =>
            SensorSimulation.RunAsync(result.GetValue(sensor)!, result.GetValue(events)!, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    private static Command ValidateCommand()
    {
        var paths = new Argument<string[]>("paths") { Description = "Manifest files or folders", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Load manifests and report, per file, OK, warnings, unsupported kinds and errors") { paths };
        command.SetAction(result => SpecValidation.Run(result.GetValue(paths)!, Console.Out));
        return command;
    }

    private static Command FiringsCommand()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "trigger-dispatch (or events run) to ask; default $EVENTS_URL, else http://localhost:8080",
            DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("EVENTS_URL") is { Length: > 0 } configured ? configured : "http://localhost:8080"),
            Recursive = true,
        };
        var sensor = new Option<string?>("--sensor") { Description = "Only failures of this sensor" };
        var limit = new Option<int?>("--limit") { Description = $"At most this many, newest first (default 100)" };
        var id = new Argument<string>("id") { Description = "Firing id" };

        var failed = new Command("failed", "List failed firings, newest first") { sensor, limit };
        failed.SetAction((result, cancellationToken) => WithClient(http =>
            FailedFiringsClient.ListAsync(http, Base(result.GetValue(url)!), result.GetValue(sensor), result.GetValue(limit), Console.Out, Console.Error, cancellationToken)));
        var show = new Command("show", "Show one failed firing: request, resolved template (secrets redacted), attempts, last error") { id };
        show.SetAction((result, cancellationToken) => WithClient(http =>
            FailedFiringsClient.ShowAsync(http, Base(result.GetValue(url)!), result.GetValue(id)!, Console.Out, Console.Error, cancellationToken)));
        var redrive = new Command("redrive", "Run a failed firing again, once, as a new firing") { id };
        redrive.SetAction((result, cancellationToken) => WithClient(http =>
            FailedFiringsClient.RedriveAsync(http, Base(result.GetValue(url)!), result.GetValue(id)!, Console.Out, Console.Error, cancellationToken)));

        return new Command("firings", "Failed firings kept by trigger-dispatch") { url, failed, show, redrive };
    }

    private static async Task<int> WithClient(Func<HttpClient, Task<int>> run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await run(http);
    }

    private static Uri Base(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

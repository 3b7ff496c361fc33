using System.CommandLine;

namespace Microservices.Events.Cli;

/// <summary>The <c>events</c> command line: <c>run</c>, <c>validate</c>, <c>simulate</c>, <c>firings</c>, <c>tail</c> and <c>replay</c>.</summary>
public static class EventsCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Microservices.Events: event-driven automation that runs Argo Events EventSource and Sensor manifests.");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(ValidateCommand());
        root.Subcommands.Add(SimulateCommand());
        root.Subcommands.Add(FiringsCommand());
        root.Subcommands.Add(TailCommand());
        root.Subcommands.Add(ReplayCommand());
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

    private static Command TailCommand()
    {
        var from = new Option<string>("--from") { Description = "rabbitmq (the mirror exchange) or kafka (the mirror topic)", Required = true };
        from.AcceptOnlyFromAmong("rabbitmq", "kafka");
        var url = new Option<Uri>("--url")
        {
            Description = "RabbitMQ to connect to; default $EVENTS_AMQP_URL, else amqp://guest:guest@localhost:5672/",
            DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("EVENTS_AMQP_URL") is { Length: > 0 } configured ? configured : "amqp://guest:guest@localhost:5672/"),
        };
        var exchange = new Option<string>("--exchange") { Description = "The mirror exchange (Gateway:Mirror:RabbitMq:Exchange)", DefaultValueFactory = _ => "events.cloudevents" };
        var binding = new Option<string>("--binding") { Description = "Binding key: <eventSourceName>.<eventName>, * for one word, # for any", DefaultValueFactory = _ => "#" };
        var (servers, topic) = KafkaOptions();
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Kafka: every record the topic holds, then new ones (default: new ones only)" };
        var count = new Option<int?>("--count") { Description = "Stop after this many events" };
        var command = new Command("tail", "Print the events of the mirror exchange or topic as they come, one structured CloudEvent (JSON) a line")
        {
            from, url, exchange, binding, servers, topic, fromBeginning, count,
        };
        command.SetAction((result, cancellationToken) => EventTail.RunAsync(
            new EventTail.Request(result.GetValue(from)!, result.GetValue(url)!, result.GetValue(exchange)!, result.GetValue(binding)!, result.GetValue(servers)!, result.GetValue(topic)!, result.GetValue(fromBeginning), result.GetValue(count)),
            Console.Out, Console.Error, cancellationToken));
        return command;
    }

    private static Command ReplayCommand()
    {
        var sensor = new Option<string>("--sensor") { Description = "The Sensor (metadata.name) to replay into; no other sensor sees the events", Required = true };
        var from = new Option<string>("--from") { Description = "kafka (the mirror topic) or file (JSON lines of CloudEvents, as events tail prints)", Required = true };
        from.AcceptOnlyFromAmong("kafka", "file");
        var since = new Option<string>("--since") { Description = "Oldest event time to replay: RFC 3339 (e.g. 2024-07-15T10:00:00Z) or a duration ago (e.g. 2h)", Required = true };
        var until = new Option<string?>("--until") { Description = "Replay events older than this (same forms); default: all" };
        var file = new Option<FileInfo?>("--file") { Description = "With --from file: the JSON-lines file" };
        var (servers, topic) = KafkaOptions();
        var url = new Option<Uri>("--url")
        {
            Description = "sensor-state (or events run) to replay through; default $EVENTS_URL, else http://localhost:8080",
            DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("EVENTS_URL") is { Length: > 0 } configured ? configured : "http://localhost:8080"),
        };
        var batch = new Option<int>("--batch-size") { Description = "Events per request (1-10000)", DefaultValueFactory = _ => 100 };
        var command = new Command("replay", "Re-inject retained events into one sensor, de-duplicated as usual, with progress")
        {
            sensor, from, since, until, file, servers, topic, url, batch,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (!TimeArgument.TryParse(result.GetValue(since)!, now, out var sinceTime))
            {
                await Console.Error.WriteLineAsync($"error: --since: \"{result.GetValue(since)}\" is neither an RFC 3339 time nor a duration");
                return 1;
            }

            DateTimeOffset? untilTime = null;
            if (result.GetValue(until) is { } untilText)
            {
                if (!TimeArgument.TryParse(untilText, now, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"error: --until: \"{untilText}\" is neither an RFC 3339 time nor a duration");
                    return 1;
                }

                untilTime = parsed;
            }

            if (result.GetValue(batch) is < 1 or > 10_000)
            {
                await Console.Error.WriteLineAsync("error: --batch-size: must be between 1 and 10000");
                return 1;
            }

            var request = new EventReplay.Request(result.GetValue(sensor)!, result.GetValue(from)!, sinceTime, untilTime, result.GetValue(file),
                result.GetValue(servers)!, result.GetValue(topic)!, Base(result.GetValue(url)!), result.GetValue(batch));
            return await WithClient(http => EventReplay.RunAsync(http, request, Console.Out, Console.Error, cancellationToken));
        });
        return command;
    }

    private static (Option<string> Servers, Option<string> Topic) KafkaOptions() =>
    (
        new Option<string>("--bootstrap-servers")
        {
            Description = "Kafka brokers; default $EVENTS_KAFKA_BOOTSTRAP_SERVERS, else localhost:9092",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EVENTS_KAFKA_BOOTSTRAP_SERVERS") is { Length: > 0 } configured ? configured : "localhost:9092",
        },
        new Option<string>("--topic") { Description = "The mirror topic (Gateway:Mirror:Kafka:Topic)", DefaultValueFactory = _ => "events.cloudevents" }
    );

    private static async Task<int> WithClient(Func<HttpClient, Task<int>> run)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await run(http);
    }

    private static Uri Base(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

using Microservices.Events.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var results = new List<BenchResult>();
var ratios = new List<BenchRatio>();
Console.Error.WriteLine($"bench: {options.Events} events, concurrency {options.Concurrency}");

var kestrel = await KestrelBaseline.RunAsync(options);
results.Add(kestrel);
var embedded = await EmbeddedBench.RunAsync(options);
results.Add(embedded);
ratios.Add(new BenchRatio("embedded / kestrel baseline", embedded.PerSecond / kestrel.PerSecond));

Report.Print(options, results, ratios);
Report.Write(options, results, ratios);
return 0;

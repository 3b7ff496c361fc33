using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microservices.Events.Persistence;

/// <summary>
/// Binds <see cref="StateOptions"/> from <c>State</c> and <c>ConnectionStrings:State</c> when a configuration exists,
/// fills in the SQLite default, makes a relative SQLite path absolute (against the content root), and validates.
/// </summary>
internal sealed class StateOptionsSetup(IServiceProvider services) :
    IConfigureOptions<StateOptions>,
    IPostConfigureOptions<StateOptions>,
    IValidateOptions<StateOptions>
{
    public void Configure(StateOptions options)
    {
        if (services.GetService(typeof(IConfiguration)) is not IConfiguration configuration)
        {
            return;
        }

        configuration.GetSection(StateOptions.Section).Bind(options);
        if (configuration.GetConnectionString(StateOptions.ConnectionStringName) is { Length: > 0 } connectionString)
        {
            options.ConnectionString = connectionString;
        }
    }

    public void PostConfigure(string? name, StateOptions options)
    {
        if (options.Provider != StateProvider.Sqlite)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = StateOptions.DefaultSqliteConnectionString;
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            {
                var root = (services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.ContentRootPath ?? Directory.GetCurrentDirectory();
                builder.DataSource = Path.GetFullPath(Path.Combine(root, builder.DataSource));
                options.ConnectionString = builder.ConnectionString;
            }
        }
        catch (ArgumentException)
        {
            // Reported by Validate.
        }
    }

    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        var failures = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{StateOptions.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        switch (options.Provider)
        {
            case StateProvider.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString):
                failures.Add($"ConnectionStrings:{StateOptions.ConnectionStringName}: required when {StateOptions.Section}:Provider is Postgres");
                break;
            case StateProvider.Postgres:
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"ConnectionStrings:{StateOptions.ConnectionStringName}: not a PostgreSQL connection string: {ex.Message}");
                }

                break;
            case StateProvider.Sqlite:
                try
                {
                    var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
                    if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
                    {
                        failures.Add($"ConnectionStrings:{StateOptions.ConnectionStringName}: SQLite needs a file (Data Source=path), not an in-memory database; use {StateOptions.Section}:Provider=InMemory for that");
                    }
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"ConnectionStrings:{StateOptions.ConnectionStringName}: not a SQLite connection string: {ex.Message}");
                }

                break;
            case StateProvider.InMemory:
                break;
            default:
                failures.Add($"{StateOptions.Section}:Provider: \"{options.Provider}\" is not one of Sqlite, Postgres, InMemory");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

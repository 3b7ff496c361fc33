using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>redis</c> (pub/sub) and <c>redisStream</c> events: the server address, the channels or streams, secrets and TLS.</summary>
internal static class RedisSourceValidator
{
    public static void ValidateRedis(string path, RedisEventSource redis, List<SpecDiagnostic> d)
    {
        Connection(path, redis.HostAddress, redis.Db, redis.Password, redis.Tls, d);
        Names($"{path}.channels", redis.Channels, "channel", d);
        EventSourceValidator.ValidateFilter(path, redis.Filter, d);
    }

    public static void ValidateStream(string path, RedisStreamEventSource stream, List<SpecDiagnostic> d)
    {
        Connection(path, stream.HostAddress, stream.Db, stream.Password, stream.Tls, d);
        Names($"{path}.streams", stream.Streams, "stream", d);
        if (stream.MaxMsgCountPerRead is < 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.maxMsgCountPerRead", "must not be negative (0 or unset reads 10)"));
        }

        if (stream.ConsumerGroup is { } group && string.IsNullOrWhiteSpace(group))
        {
            d.Add(EventSourceValidator.Error($"{path}.consumerGroup", "must not be blank (unset uses argo-events-cg)"));
        }

        EventSourceValidator.ValidateFilter(path, stream.Filter, d);
    }

    private static void Connection(string path, string? hostAddress, int? db, SecretKeySelector? password, ClientTls? tls, List<SpecDiagnostic> d)
    {
        if (RedisAddress.Parse(hostAddress).Error is { } error)
        {
            d.Add(EventSourceValidator.Error($"{path}.hostAddress", error));
        }

        if (db is < 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.db", "must not be negative"));
        }

        var problems = SecretProblems.Of("password", password, required: false).Concat(TlsProblems.Of("tls", tls));
        d.AddRange(problems.Select(p => EventSourceValidator.Error($"{path}.{p.Field}", p.Message)));
    }

    private static void Names(string path, IReadOnlyList<string>? names, string what, List<SpecDiagnostic> d)
    {
        if (names is not { Count: > 0 })
        {
            d.Add(EventSourceValidator.Error(path, $"required: at least one {what}"));
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                d.Add(EventSourceValidator.Error($"{path}[{i}]", $"must name a {what}"));
            }
        }
    }
}

using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Microservices.Events.Testing;

/// <summary>
/// librdkafka's mock-cluster controls, called in the very library file Confluent.Kafka loaded (found in
/// <c>/proc/self/maps</c>): on Debian, Confluent.Kafka falls back to another build of librdkafka than the default one.
/// </summary>
internal static class KafkaMockNative
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockCluster(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BrokerSet(IntPtr mcluster, int brokerId);

    private static readonly Lazy<IntPtr> Library = new(() =>
    {
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("librdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault() ?? throw new InvalidOperationException("librdkafka is not loaded in this process");
        return NativeLibrary.Load(path);
    });

    /// <summary>The mock cluster <paramref name="owner"/> was made with (<c>test.mock.num.brokers</c>).</summary>
    public static IntPtr ClusterOf(IClient owner)
    {
        var handle = owner.Handle;
        var member = (MemberInfo?)typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                     ?? typeof(Handle).GetField("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                     ?? throw new InvalidOperationException("Confluent.Kafka's Handle has no LibrdkafkaHandle");
        var safe = (SafeHandle)(member is PropertyInfo p ? p.GetValue(handle) : ((FieldInfo)member).GetValue(handle))!;
        var cluster = Export<HandleMockCluster>("rd_kafka_handle_mock_cluster")(safe.DangerousGetHandle());
        return cluster != IntPtr.Zero ? cluster : throw new InvalidOperationException("the client has no mock cluster");
    }

    /// <summary>Disconnects the broker and refuses new connections (<paramref name="down"/>), or accepts them again.</summary>
    public static void SetBroker(IntPtr cluster, int brokerId, bool down)
    {
        var error = Export<BrokerSet>(down ? "rd_kafka_mock_broker_set_down" : "rd_kafka_mock_broker_set_up")(cluster, brokerId);
        if (error != 0)
        {
            throw new InvalidOperationException($"{(down ? "rd_kafka_mock_broker_set_down" : "rd_kafka_mock_broker_set_up")}({brokerId}) failed with {error}");
        }
    }

    private static T Export<T>(string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(Library.Value, name));
}

using System.Reflection;
using RabbitMQ.Client;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Whether a RabbitMQ.Client 7.2.2 connection's write loop has ended: the one task that sends its outgoing frames to
/// the socket stops for good when a socket write fails, while the connection can still count itself open (its read
/// loop may be waiting to send the close-ok of the broker's connection.close, which then never leaves). The client
/// does not expose it, so it is read from the connection's frame handler; should a client version name these
/// differently, the answer is "not known" (false) and nothing relies on it.
/// </summary>
public static class ConnectionWriteLoop
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly PropertyInfo? FrameHandler =
        typeof(IConnection).Assembly.GetType("RabbitMQ.Client.Framing.Connection")?.GetProperty("FrameHandler", Instance);

    private static readonly FieldInfo? WriterTask =
        typeof(IConnection).Assembly.GetType("RabbitMQ.Client.Impl.SocketFrameHandler")?.GetField("_writerTask", Instance);

    /// <summary>True when the client's frame handler and its write loop could be read (this client version).</summary>
    public static bool Known => FrameHandler is not null && WriterTask is not null;

    /// <summary>True when <paramref name="connection"/>'s write loop has ended.</summary>
    public static bool Ended(IConnection connection) =>
        FrameHandler?.GetValue(connection) is { } handler && WriterTask?.GetValue(handler) is Task { IsCompleted: true };
}

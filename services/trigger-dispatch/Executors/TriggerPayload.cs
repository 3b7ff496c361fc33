using System.Text;
using Microservices.Events.Semantics.Parameters;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>The message body of payload-carrying kinds (nats, kafka, ...), as Argo sends it.</summary>
public static class TriggerPayload
{
    /// <summary>
    /// The JSON text of the document the <c>payload</c> parameters built; when a parameter with <c>dest: ""</c> made a
    /// value the whole body, that value's text as it is (not quoted). Empty without payload parameters.
    /// </summary>
    public static byte[] Bytes(PayloadBody? payload) => payload is null ? [] : Encoding.UTF8.GetBytes(payload.Text);
}

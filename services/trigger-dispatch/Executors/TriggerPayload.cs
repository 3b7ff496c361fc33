using System.Text;
using Microservices.Events.Semantics.Parameters;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>The message body of payload-carrying kinds (nats, kafka, ...), as Argo sends it.</summary>
public static class TriggerPayload
{
    /// <summary>
    /// The JSON text of the document the <c>payload</c> parameters built (each needs a <c>dest</c> in these kinds, as in
    /// Argo); empty without payload parameters.
    /// </summary>
    public static byte[] Bytes(PayloadBody? payload) => payload is null ? [] : Encoding.UTF8.GetBytes(payload.Text);
}

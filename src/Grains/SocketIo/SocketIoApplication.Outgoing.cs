using OrleansEio.Protocol.SocketIo;
using OrleansEio.Sessions;

namespace OrleansEio.SocketIo;

/// <summary>
/// Outgoing listeners: broadcasts reach the session encoded once for every receiver, so they are decoded here, only
/// for a session with a socket that has outgoing listeners; everyone else's fan-out stays decode-free.
/// </summary>
internal sealed partial class SocketIoApplication : IEngineIoDeliveryObserver
{
    public void OnDelivering(IEngineIoSocket engine, EngineIoMessage[] messages)
    {
        if (engine.State is not SocketIoSession session || !AnyOutgoingListeners(session))
        {
            return;
        }

        // One delivery may carry several broadcasts of a namespace, in order.
        foreach (var packet in DecodeEvents(engine, messages))
        {
            if (session.Sockets.TryGetValue(packet.Namespace, out var socket) && socket.Connected)
            {
                socket.NotifyOutgoing(packet);
            }
        }
    }

    /// <summary>The events this server encoded, read back as the client will read them; none (logged once) if the parser refuses them.</summary>
    internal List<SocketPacket> DecodeEvents(IEngineIoSocket engine, EngineIoMessage[] messages)
    {
        // A decoder of its own: the session's keeps the client's half-received binary packet.
        var decoder = Parser.CreateDecoder(options);
        var events = new List<SocketPacket>(1);
        foreach (var message in messages)
        {
            var error = decoder.TryAdd(message, out var packet);
            if (error != SocketDecodeError.None)
            {
                Failed(engine, "outgoing listener", new FormatException($"An outgoing event could not be read back for the outgoing listeners ({error})."));
                return [];
            }

            if (packet is { Type: SocketPacketType.Event or SocketPacketType.BinaryEvent })
            {
                events.Add(packet);
            }
        }

        return events;
    }

    private static bool AnyOutgoingListeners(SocketIoSession session)
    {
        foreach (var socket in session.Sockets.Values)
        {
            if (socket.HasOutgoingListeners)
            {
                return true;
            }
        }

        return false;
    }
}

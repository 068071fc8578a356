using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using OrleansEio.Gateway.EngineIo;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Fuzz;

/// <summary>
/// The fuzz targets. Each takes raw bytes, treats a typed decode error as a normal answer, and throws
/// <see cref="InvalidOperationException"/> when an invariant breaks (a round trip differs, a budget is crossed):
/// any exception reaching SharpFuzz is a crash.
/// </summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["eio-payload"] = EnginePayload,
        ["eio-text"] = EngineText,
        ["sio-packet"] = SocketPackets,
        ["gateway-classify"] = GatewayClassify,
    };

    private static readonly EngineIoOptions Defaults = new();

    private static readonly EngineIoOptions PollingOnly = new() { Transports = ["polling"] };

    /// <summary>
    /// Small budgets, so inputs of a few hundred bytes reach the budget checks. Made on first use, not in the static
    /// constructor: instrumented code that runs before SharpFuzz has mapped afl's shared memory writes through a null
    /// pointer (an AccessViolationException at start-up).
    /// </summary>
    private static SocketIoAssemblerLimits Limits => field ??= new(MaxAttachments: 10, MaxAttachmentBytes: 256);

    /// <summary>A long-polling POST body, as the gateway decodes it.</summary>
    private static void EnginePayload(byte[] input)
    {
        var packets = new List<EnginePacket>();
        if (EngineIoParser.TryDecodePayload(input, packets, Defaults.MaxPacketsPerPayload) != EngineDecodeError.None)
        {
            return;
        }

        Check(packets.Count <= input.Length, "more packets than bytes");
        var again = new List<EnginePacket>();
        var error = EngineIoParser.TryDecodePayload(Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload([.. packets])), again);
        Check(error == EngineDecodeError.None && again.SequenceEqual(packets), "a decoded payload re-encodes to one that decodes differently");
    }

    /// <summary>A WebSocket text frame, as bytes and as characters.</summary>
    private static void EngineText(byte[] input)
    {
        EngineIoParser.TryDecodeText(Encoding.Latin1.GetString(input).AsSpan(), out _);
        if (EngineIoParser.TryDecodeText(input, out var packet) != EngineDecodeError.None)
        {
            return;
        }

        var frame = new ArrayBufferWriter<byte>();
        EngineIoWriter.WriteText(packet, frame);
        Check(frame.WrittenSpan.SequenceEqual(input), "a decoded text frame re-encodes differently");
    }

    /// <summary>
    /// A session's messages through the assembler, two ways. First, frames split on 0x1E: a frame starting with
    /// <c>b</c> is a binary message (its other bytes, raw), any other a text message (UTF-8). Then the same bytes as a
    /// polling payload, whose message packets go to the assembler as the session would hand them over.
    /// </summary>
    private static void SocketPackets(byte[] input)
    {
        var assembler = new SocketIoPacketAssembler(Limits);
        var rest = input.AsSpan();
        while (true)
        {
            var end = rest.IndexOf(EngineIoParser.RecordSeparator);
            var frame = end < 0 ? rest : rest[..end];
            if (!frame.IsEmpty && frame[0] == (byte)'b')
            {
                Feed(assembler, null, frame[1..].ToArray());
            }
            else
            {
                Feed(assembler, Encoding.UTF8.GetString(frame), null);
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }

        var packets = new List<EnginePacket>();
        if (EngineIoParser.TryDecodePayload(input, packets, Defaults.MaxPacketsPerPayload) == EngineDecodeError.None)
        {
            var session = new SocketIoPacketAssembler(Limits);
            foreach (var packet in packets.Where(p => p.Type == EnginePacketType.Message))
            {
                Feed(session, packet.IsBinary ? null : packet.Text ?? string.Empty, packet.Binary);
            }
        }
    }

    private static void Feed(SocketIoPacketAssembler assembler, string? text, byte[]? binary)
    {
        var error = binary is not null ? assembler.TryAddBinary(binary, out var packet) : assembler.TryAddText(text!, out packet);
        Check(assembler.BufferedBytes <= Limits.MaxAttachmentBytes, "the assembler holds more than its byte budget");
        if (error != SocketDecodeError.None)
        {
            Check(packet is null && !assembler.IsAwaitingAttachments, "an error left a packet behind");
            return;
        }

        if (packet is null)
        {
            return;
        }

        Check(packet.Attachments.Count == packet.AttachmentCount && packet.AttachmentCount <= Limits.MaxAttachments, "a packet was yielded without its attachments");
        Check(packet.Attachments.Sum(a => (long)a.Length) <= Limits.MaxAttachmentBytes, "a packet's attachments cross the byte budget");

        if (packet.IsBinary)
        {
            // Binary reconstruction: every placeholder resolves to an attachment, each attachment to one placeholder.
            var used = new bool[packet.AttachmentCount];
            Resolve(packet.Data!.Value, packet.Attachments, used);
            Check(used.All(u => u), "an attachment no placeholder names");
        }

        // What was accepted re-encodes to text the parser reads back as the same packet.
        var json = packet.Data is { } data ? Encoding.UTF8.GetBytes(data.GetRawText()) : [];
        var encoded = SocketIoWriter.Encode(packet.Type, packet.Namespace, packet.Id, packet.AttachmentCount, json);
        var again = SocketIoParser.TryDecode(encoded, Limits.MaxAttachments, out var reparsed);
        Check(
            again == SocketDecodeError.None && reparsed!.Type == packet.Type && reparsed.Namespace == packet.Namespace
                && reparsed.Id == packet.Id && reparsed.AttachmentCount == packet.AttachmentCount,
            $"a decoded packet re-encodes to one that decodes differently ({again})");
    }

    private static void Resolve(JsonElement element, List<byte[]> attachments, bool[] used)
    {
        if (SocketIoParser.TryGetPlaceholder(element, out var num))
        {
            Check(num >= 0 && num < attachments.Count && !used[num], $"placeholder {num} does not resolve to one unused attachment");
            used[num] = true;
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Resolve(item, attachments, used);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Resolve(property.Value, attachments, used);
            }
        }
    }

    // The key the signed sids of the seed corpus were made with (32 zero bytes): fuzzing starts from sids that pass.
    private static readonly SessionIdSigner Sids = new([new byte[32]]);

    /// <summary>
    /// A request as the gateway sees it, as three lines: method, <c>1</c> for a real WebSocket handshake, query string.
    /// Values are read as the endpoint reads them (a repeated key joins its values with commas).
    /// </summary>
    private static void GatewayClassify(byte[] input)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n', 3);
        var method = lines[0];
        var webSocket = lines.Length > 1 && lines[1] == "1";
        var query = QueryHelpers.ParseQuery(lines.Length > 2 ? lines[2] : string.Empty);
        string Value(string key) => query.TryGetValue(key, out var values) ? values.ToString() : string.Empty;

        // JSONP (j) and base64 (b64) are read by nothing in Engine.IO v4; parsed so their values are fuzzed too.
        _ = Value("j");
        _ = Value("b64");
        foreach (var options in new[] { Defaults, PollingOnly })
        {
            var transport = Value("transport");
            var sid = Value("sid");
            var request = RequestClassifier.Classify(method, transport, Value("EIO"), sid, webSocket, options, Sids);
            switch (request.Kind)
            {
                case EngineIoRequestKind.Invalid:
                    continue;
                case EngineIoRequestKind.Handshake:
                    Check(sid.Length == 0 && request.Sid.Length == 0, "a handshake with a sid");
                    break;
                case EngineIoRequestKind.Upgrade:
                    Check(webSocket && transport == "websocket", "an upgrade without a WebSocket handshake");
                    break;
                case EngineIoRequestKind.FakeUpgrade:
                    Check(!webSocket, "a real handshake judged fake");
                    break;
                default:
                    Check(!webSocket && transport == "polling", "a polling request on another transport");
                    break;
            }

            Check(Value("EIO") == "4" && options.IsTransportAllowed(transport), "a request with a bad version or transport accepted");
            Check(request.Kind == EngineIoRequestKind.Handshake || (request.Sid == sid && sid.Length > 0), "a session request without its sid");
            Check(request.Kind == EngineIoRequestKind.Handshake || Sids.IsAuthentic(request.Sid), "a session request whose sid this cluster did not sign");
        }
    }

    private static void Check(bool holds, string what)
    {
        if (!holds)
        {
            throw new InvalidOperationException(what);
        }
    }
}

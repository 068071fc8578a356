using System.Text;
using CsCheck;
using OrleansEio.Protocol.EngineIo;
using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.Tests.Protocol.Properties;

/// <summary>Generators of Engine.IO and Socket.IO traffic: valid packets, their encodings, and garbage made from them.</summary>
internal static class ProtocolGen
{
    /// <summary>Bytes the codecs care about: separators, digits, brackets, base64, bad UTF-8.</summary>
    private static readonly byte[] InterestingBytes = [.. "-,/[]{}\":0945b=_"u8, 0x1e, 0x00, 0x80, 0xc3, 0xed, 0xff];

    /// <summary>Any UTF-16 code unit, lone surrogates included.</summary>
    public static readonly Gen<char> AnyChar = Gen.Char['\0', '\uffff'];

    /// <summary>Characters UTF-8 can carry (no surrogates), weighted towards the ones the codecs treat specially.</summary>
    public static readonly Gen<char> TextChar = Gen.Frequency(
        (6, Gen.Char[' ', '~']),
        (2, Gen.Char["\"\\/,-[]{}0123456789\u001e\u0000\n"]),
        (1, Gen.Char['\u0080', '\ud7ff']),
        (1, Gen.Char['\ue000', '\uffff']));

    public static readonly Gen<string> Text = Gen.String[TextChar, 0, 24];

    public static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 48];

    /// <summary>Engine.IO packets whose text a polling payload can carry (no record separator inside).</summary>
    public static readonly Gen<EnginePacket> EnginePacket = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 6], Text, Gen.Bool, (type, text, none) =>
            new EnginePacket((EnginePacketType)type, none ? null : text.Replace('\u001e', ' ')))),
        (1, Bytes.Select(OrleansEio.Protocol.EngineIo.EnginePacket.Message)));

    public static readonly Gen<EnginePacket[]> EnginePayload = EnginePacket.Array[1, 12];

    /// <summary>Namespaces as clients write them: <c>/</c> or <c>/name</c> (a comma would end it).</summary>
    public static readonly Gen<string> Namespace = Gen.Frequency(
        (2, Gen.Const("/")),
        (1, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_/"], 1, 10].Select(s => "/" + s)));

    public static readonly Gen<Json> Scalar = Gen.OneOf<Json>(
        Gen.Const<Json>(new JsonNull()),
        Gen.Bool.Select(b => (Json)new JsonBool(b)),
        Gen.Long.Select(n => (Json)new JsonNumber(n)),
        Gen.Int.Select(n => (Json)new JsonFraction(n / 64.0)),
        Text.Select(s => (Json)new JsonString(s)));

    /// <summary>A JSON value up to depth 4; with <paramref name="binary"/>, binary leaves (attachments) anywhere in it.</summary>
    public static Gen<Json> Value(bool binary) => Gen.Recursive<Json>((depth, self) =>
    {
        var leaf = binary ? Gen.Frequency((4, Scalar), (1, Bytes.Select(b => (Json)new JsonBinary(b)))) : Scalar;
        return depth >= 4
            ? leaf
            : Gen.Frequency(
                (4, leaf),
                (1, self.Array[0, 4].Select(items => (Json)new JsonArray(items))),
                (1, self.Array[0, 4].Select(values => (Json)new JsonObject(values))));
    });

    /// <summary>A Socket.IO packet the reference encoder could have written, with its attachments.</summary>
    public static readonly Gen<SocketCase> SocketPacket = Gen.Int[0, 6].SelectMany(type => SocketPacketOf((SocketPacketType)type));

    private static Gen<SocketCase> SocketPacketOf(SocketPacketType type)
    {
        var binary = type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck;
        var args = Value(binary).Array[0, 5];
        Gen<Json?> data = type switch
        {
            SocketPacketType.Connect => Gen.Frequency((1, Gen.Const((Json?)null)), (2, Value(false).Array[0, 4].Select(v => (Json?)new JsonObject(v)))),
            SocketPacketType.Disconnect => Gen.Const((Json?)null),
            SocketPacketType.ConnectError => Gen.OneOf(
                Text.Select(s => (Json?)new JsonString(s)),
                Value(false).Array[0, 3].Select(v => (Json?)new JsonObject(v))),
            SocketPacketType.Event or SocketPacketType.BinaryEvent => Gen.Select(Text, args, (name, rest) => (Json?)new JsonArray([new JsonString(name), .. rest])),
            _ => args.Select(a => (Json?)new JsonArray(a)),
        };
        Gen<long?> id = type switch
        {
            SocketPacketType.Ack or SocketPacketType.BinaryAck => Gen.Long[0, 999_999_999_999_999].Select(n => (long?)n),
            SocketPacketType.Event or SocketPacketType.BinaryEvent => Gen.Frequency(
                (1, Gen.Const((long?)null)),
                (1, Gen.Long[0, 999_999_999_999_999].Select(n => (long?)n))),
            _ => Gen.Const((long?)null),
        };
        return Gen.Select(Namespace, id, data, (nsp, ackId, json) => SocketCase.Create(type, nsp, ackId, json));
    }

    /// <summary>Real Engine.IO and Socket.IO encodings, as UTF-8 bytes, to mutate.</summary>
    public static readonly Gen<byte[]> RealEncoding = Gen.OneOf(
        EnginePayload.Select(p => Encoding.UTF8.GetBytes(EngineIoWriter.EncodePayload(p))),
        SocketPacket.Select(p => Encoding.UTF8.GetBytes(p.Text)),
        SocketPacket.Select(p => Encoding.UTF8.GetBytes("4" + p.Text)));

    /// <summary>A real encoding with a few random edits: flips, inserts, deletions, duplications, truncation.</summary>
    public static readonly Gen<byte[]> Mutated = Gen.Select(RealEncoding, Gen.Int[1, 6], Gen.UInt.Array[18, 18], (bytes, edits, random) =>
    {
        var data = new List<byte>(bytes);
        for (var e = 0; e < edits; e++)
        {
            var r1 = random[(3 * e) % random.Length];
            var r2 = random[(3 * e + 1) % random.Length];
            var r3 = random[(3 * e + 2) % random.Length];
            var at = data.Count == 0 ? 0 : (int)(r2 % (uint)data.Count);
            switch (r1 % 6)
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << (int)(r3 % 8));
                    break;
                case 1:
                    data.Insert(at, (byte)r3);
                    break;
                case 2:
                    data.Insert(at, InterestingBytes[(int)(r3 % (uint)InterestingBytes.Length)]);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, (int)Math.Min(r3 % 4 + 1, (uint)(data.Count - at)));
                    break;
                case 4 when data.Count > 0:
                    data.InsertRange(at, data.GetRange(at, (int)Math.Min(r3 % 8 + 1, (uint)(data.Count - at))));
                    break;
                case 5:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }

        return data.ToArray();
    });

    /// <summary>Arbitrary bytes, mutated real encodings, and real encodings, in about equal parts.</summary>
    public static readonly Gen<byte[]> AnyInput = Gen.OneOf(Gen.Byte.Array[0, 96], Mutated, RealEncoding);

    /// <summary>One Engine.IO message as the assembler sees it: text, or binary.</summary>
    public static readonly Gen<Message> AnyMessage = Gen.Frequency(
        (3, Gen.OneOf(
            Gen.String[AnyChar, 0, 40],
            Mutated.Select(b => Encoding.UTF8.GetString(b)),
            SocketPacket.Select(p => p.Text)).Select(t => new Message(t, null))),
        (2, Bytes.Select(b => new Message(null, b))));

    /// <summary>A session's messages: whole packets with their attachments, messages dropped or doubled, and garbage.</summary>
    public static readonly Gen<Message[]> MessageSequence = Gen.OneOf(
        AnyMessage.Array[0, 20],
        SocketPacket.Array[1, 6].Select(packets => packets.SelectMany(p => p.Messages).ToArray()),
        Gen.Select(SocketPacket.Array[1, 6], Gen.Int[0, 30], Gen.Bool, (packets, at, drop) =>
        {
            var messages = packets.SelectMany(p => p.Messages).ToList();
            var i = at % messages.Count;
            if (drop)
            {
                messages.RemoveAt(i);
            }
            else
            {
                messages.Insert(i, messages[i]);
            }

            return messages.ToArray();
        }));
}

/// <summary>One Engine.IO message: <see cref="Text"/> or <see cref="Binary"/>.</summary>
internal sealed record Message(string? Text, byte[]? Binary)
{
    public override string ToString() => Text is not null ? $"text {Text}" : $"binary [{string.Join(",", Binary!)}]";
}

/// <summary>A generated Socket.IO packet, its text part as the reference encoder writes it, and its attachments.</summary>
internal sealed record SocketCase(SocketPacketType Type, string Namespace, long? Id, string? DataJson, string Text, byte[][] Attachments)
{
    public static SocketCase Create(SocketPacketType type, string nsp, long? id, Json? data)
    {
        var attachments = new List<byte[]>();
        var json = data is null ? null : JsonWriting.Write(data, attachments);
        var text = SocketIoWriter.Encode(type, nsp, id, attachments.Count, json is null ? default : Encoding.UTF8.GetBytes(json));
        return new SocketCase(type, nsp, id, json, text, [.. attachments]);
    }

    public IEnumerable<Message> Messages => [new Message(Text, null), .. Attachments.Select(a => new Message(null, a))];

    public override string ToString() => $"{Text} + {Attachments.Length} attachments";
}

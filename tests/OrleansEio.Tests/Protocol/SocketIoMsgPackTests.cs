using System.Text;
using System.Text.Json;
using OrleansEio.Protocol.SocketIo;
using OrleansEio.Tests.Interop;

namespace OrleansEio.Tests.Protocol;

/// <summary>The vectors of tests/interop/msgpack-vectors.mjs, made by npm socket.io-msgpack-parser 3.0.2 when the fixture starts.</summary>
public sealed class MsgPackVectors : IAsyncLifetime
{
    public JsonElement All { get; private set; }

    public async Task InitializeAsync() => All = await ClientScript.NodeAsync("msgpack-vectors.mjs");

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SocketIoMsgPackTests(MsgPackVectors vectors) : IClassFixture<MsgPackVectors>
{
    private static readonly string[] ServerPackets =
    [
        "connect", "connect-error", "connect-error-data", "disconnect", "event", "event-with-ack", "ack", "ack-large-id",
        "binary", "binary-ack", "integers", "floats", "strings", "containers", "bin-sizes", "namespace-unicode",
    ];

    private static readonly string[] ClientPackets =
    [
        "client-connect", "client-connect-auth", "client-event", "client-undefined", "client-date", "client-arraybuffer",
        "client-numeric-name", "client-non-finite",
    ];

    public static TheoryData<string> Server => [.. ServerPackets];

    public static TheoryData<string> Every => [.. ServerPackets, .. ClientPackets];

    private static SocketPacket Decode(byte[] bytes, SocketIoMsgPackLimits? limits = null)
    {
        var error = SocketIoMsgPack.TryDecode(bytes, limits ?? SocketIoMsgPackLimits.Default, out var packet);
        Assert.Equal(SocketDecodeError.None, error);
        return packet!;
    }

    private static SocketDecodeError Error(string hex, SocketIoMsgPackLimits? limits = null)
    {
        var error = SocketIoMsgPack.TryDecode(Convert.FromHexString(hex), limits ?? SocketIoMsgPackLimits.Default, out var packet);
        Assert.Null(packet);
        return error;
    }

    private static byte[] Bytes(JsonElement vector) => Convert.FromHexString(vector.GetProperty("hex").GetString()!);

    [Fact]
    public void The_script_makes_exactly_the_vectors_these_tests_read()
    {
        Assert.Equal([.. ServerPackets, .. ClientPackets], vectors.All.EnumerateObject().Select(p => p.Name));
        Assert.All(ServerPackets, name => Assert.True(vectors.All.GetProperty(name).GetProperty("server").GetBoolean()));
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Each_reference_packet_decodes_to_the_packet_the_reference_encoder_was_given(string name)
    {
        var vector = vectors.All.GetProperty(name);

        var packet = Decode(Bytes(vector));

        Assert.Equal(vector.GetProperty("type").GetInt32(), (int)packet.Type);
        Assert.Equal(vector.GetProperty("nsp").GetString(), packet.Namespace);
        Assert.Equal(vector.GetProperty("id").ValueKind == JsonValueKind.Null ? null : vector.GetProperty("id").GetInt64(), packet.Id);
        var data = vector.GetProperty("data");
        if (data.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(packet.Data);
        }
        else
        {
            var expected = JsonDocument.Parse(data.GetString()!).RootElement;
            Assert.True(JsonElement.DeepEquals(expected, packet.Data!.Value), $"expected {expected.GetRawText()}, decoded {packet.Data!.Value.GetRawText()}");
        }

        Assert.Equal(vector.GetProperty("attachments").EnumerateArray().Select(a => a.GetString()!), packet.Attachments.Select(Convert.ToHexStringLower));
        Assert.Equal(packet.Attachments.Count, packet.AttachmentCount);
        Assert.True(packet.IsComplete);
    }

    [Theory]
    [MemberData(nameof(Server))]
    public void The_encoder_writes_each_server_packet_byte_for_byte_as_the_reference_encoder(string name)
    {
        var vector = vectors.All.GetProperty(name);
        var data = vector.GetProperty("data");
        var json = data.ValueKind == JsonValueKind.Null ? [] : Encoding.UTF8.GetBytes(data.GetString()!);
        var id = vector.GetProperty("id");
        var attachments = vector.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromHexString(a.GetString()!)).ToArray();

        var encoded = SocketIoMsgPack.Encode((SocketPacketType)vector.GetProperty("type").GetInt32(), vector.GetProperty("nsp").GetString()!,
            id.ValueKind == JsonValueKind.Null ? null : id.GetInt64(), json, attachments);

        Assert.Equal(vector.GetProperty("hex").GetString(), Convert.ToHexStringLower(encoded));
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void A_decoded_packet_encodes_back_to_a_packet_that_decodes_the_same(string name)
    {
        var packet = Decode(Bytes(vectors.All.GetProperty(name)));

        var again = Decode(SocketIoMsgPack.Encode(packet.Type, packet.Namespace, packet.Id, packet.Data, packet.Attachments));

        Assert.Equal((packet.Type, packet.Namespace, packet.Id), (again.Type, again.Namespace, again.Id));
        Assert.Equal(packet.Data?.GetRawText(), again.Data?.GetRawText());
        Assert.Equal(packet.Attachments, again.Attachments);
    }

    [Fact]
    public void Every_truncation_of_a_packet_is_a_typed_error()
    {
        var whole = Bytes(vectors.All.GetProperty("binary"));
        for (var length = 0; length < whole.Length; length++)
        {
            Assert.NotEqual(SocketDecodeError.None, SocketIoMsgPack.TryDecode(whole.AsSpan(0, length), SocketIoMsgPackLimits.Default, out var packet));
            Assert.Null(packet);
        }
    }

    [Fact]
    public void Float_32_and_integral_floats_decode_as_their_numbers()
    {
        // {type: 2.0 (float 64), data: ["f", 1.5 (float 32)], id: 4.0 (float 64), nsp: "/"}: notepack writes neither, other msgpack writers do.
        var packet = Decode(Convert.FromHexString("84a474797065cb4000000000000000a46461746192a166ca3fc00000a26964cb4010000000000000a36e7370a12f"));

        Assert.Equal((SocketPacketType.Event, (long?)4), (packet.Type, packet.Id));
        Assert.Equal("[\"f\",1.5]", packet.Data!.Value.GetRawText());
    }

    [Fact]
    public void Integral_numbers_beyond_64_bits_are_written_as_float_64_where_notepack_writes_0()
    {
        var encoded = SocketIoMsgPack.Encode(SocketPacketType.Event, "/", null, "[\"n\",1e300,-1e300]"u8.ToArray(), []);

        Assert.Equal("83a47479706502a46461746193a16ecb7e37e43c8800759ccbfe37e43c8800759ca36e7370a12f", Convert.ToHexStringLower(encoded));
    }

    [Theory]
    [InlineData("", SocketDecodeError.InvalidMsgPack)]
    [InlineData("c1", SocketDecodeError.InvalidMsgPack)]
    [InlineData("2a", SocketDecodeError.UnknownPacketType)]
    [InlineData("92a47479706501", SocketDecodeError.UnknownPacketType)]
    [InlineData("92a474797065", SocketDecodeError.InvalidMsgPack)]
    [InlineData("2a00", SocketDecodeError.InvalidMsgPack)]
    [InlineData("82a47479706502a36e7370a12f00", SocketDecodeError.InvalidMsgPack)]
    [InlineData("81a36e7370a12f", SocketDecodeError.UnknownPacketType)]
    [InlineData("82a47479706505a36e7370a12f", SocketDecodeError.UnknownPacketType)]
    [InlineData("82a474797065ffa36e7370a12f", SocketDecodeError.UnknownPacketType)]
    [InlineData("82a474797065cb3ff8000000000000a36e7370a12f", SocketDecodeError.UnknownPacketType)]
    [InlineData("82a474797065a132a36e7370a12f", SocketDecodeError.UnknownPacketType)]
    [InlineData("81a47479706501", SocketDecodeError.InvalidNamespace)]
    [InlineData("82a47479706501a36e7370c0", SocketDecodeError.InvalidNamespace)]
    [InlineData("83a47479706502a46461746190a36e7370a12f", SocketDecodeError.InvalidPayload)]
    [InlineData("83a47479706502a46461746191c3a36e7370a12f", SocketDecodeError.InvalidPayload)]
    [InlineData("83a47479706502a46461746180a36e7370a12f", SocketDecodeError.InvalidPayload)]
    [InlineData("83a47479706500a464617461c0a36e7370a12f", SocketDecodeError.InvalidPayload)]
    [InlineData("83a47479706501a46461746180a36e7370a12f", SocketDecodeError.InvalidPayload)]
    [InlineData("82a47479706503a36e7370a12f", SocketDecodeError.InvalidPayload)]
    [InlineData("84a47479706502a46461746191a178a26964c0a36e7370a12f", SocketDecodeError.InvalidAckId)]
    [InlineData("84a47479706502a46461746191a178a26964cb3ff8000000000000a36e7370a12f", SocketDecodeError.InvalidAckId)]
    [InlineData("83a47479706502a46461746192a178d50001a36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    [InlineData("83a47479706502a46461746192a178c7010501a36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    [InlineData("83a47479706502a46461746192a178d40100a36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    [InlineData("83a47479706502a46461746192a17881c3c0a36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    [InlineData("83a47479706502a46461746192a17882ac5f706c616365686f6c646572c3a36e756d00a36e7370a12f", SocketDecodeError.InvalidPlaceholder)]
    [InlineData("83a47479706502a464617461ddffffffffa36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    [InlineData("83a47479706502a464617461dbffffffffa36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    [InlineData("83a47479706502a464617461dfffffffffa36e7370a12f", SocketDecodeError.InvalidMsgPack)]
    public void Malformed_or_invalid_packets_are_typed_errors(string hex, SocketDecodeError expected)
    {
        Assert.Equal(expected, Error(hex));
    }

    [Theory]
    [InlineData("aa646973636f6e6e656374")] // "disconnect"
    [InlineData("ab6e65774c697374656e6572")] // "newListener"
    [InlineData("ad636f6e6e6563745f6572726f72")] // "connect_error"
    public void A_reserved_event_name_is_refused_as_the_JSON_parser_refuses_it(string name)
    {
        // {type: 2, data: [name], nsp: "/"}
        Assert.Equal(SocketDecodeError.InvalidPayload, Error("83a47479706502a46461746191" + name + "a36e7370a12f"));
    }

    [Fact]
    public void An_event_named_like_a_reserved_name_but_not_one_is_accepted()
    {
        // {type: 2, data: ["disconnected"], nsp: "/"}
        var packet = Decode(Convert.FromHexString("83a47479706502a46461746191ac646973636f6e6e6563746564a36e7370a12f"));

        Assert.Equal("disconnected", packet.Data!.Value[0].GetString());
    }

    [Fact]
    public void An_ack_without_an_id_is_accepted_as_the_reference_decoder_accepts_it()
    {
        // {type: 3, data: [], nsp: "/"}: the server finds no ack to answer and drops it.
        var packet = Decode(Convert.FromHexString("83a47479706503a46461746190a36e7370a12f"));

        Assert.Equal((SocketPacketType.Ack, (long?)null), (packet.Type, packet.Id));
    }

    [Fact]
    public void Integer_map_keys_become_their_decimal_text_and_invalid_utf8_becomes_replacement_characters()
    {
        // {type: 2, data: ["k", {7: "a\xff"}], nsp: "/"}
        var packet = Decode(Convert.FromHexString("83a47479706502a46461746192a16b8107a261ffa36e7370a12f"));

        Assert.Equal("a\uFFFD", packet.Data!.Value[1].GetProperty("7").GetString());
    }

    [Fact]
    public void A_packet_over_the_size_budget_is_refused_before_it_is_read()
    {
        var packet = Bytes(vectors.All.GetProperty("event"));

        Assert.Equal(SocketDecodeError.TooLarge, SocketIoMsgPack.TryDecode(packet, new SocketIoMsgPackLimits(MaxBytes: packet.Length - 1), out _));
        Assert.Equal(SocketDecodeError.None, SocketIoMsgPack.TryDecode(packet, new SocketIoMsgPackLimits(MaxBytes: packet.Length), out _));
    }

    [Theory]
    [InlineData(3, SocketDecodeError.None)]
    [InlineData(2, SocketDecodeError.TooDeep)]
    public void Data_nested_deeper_than_the_budget_is_refused(int maxDepth, SocketDecodeError expected)
    {
        // data: ["d", [[1]]] is three levels deep, the data array being the first.
        var packet = Convert.FromHexString("83a47479706502a46461746192a164919101a36e7370a12f");

        Assert.Equal(expected, SocketIoMsgPack.TryDecode(packet, new SocketIoMsgPackLimits(MaxDepth: maxDepth), out _));
    }

    [Fact]
    public void The_depth_budget_also_covers_fields_the_server_drops()
    {
        // {type: 2, data: ["x"], options: [[[[]]]], nsp: "/"}
        var packet = Convert.FromHexString("84a47479706502a46461746191a178a76f7074696f6e7391919190a36e7370a12f");

        Assert.Equal(SocketDecodeError.TooDeep, SocketIoMsgPack.TryDecode(packet, new SocketIoMsgPackLimits(MaxDepth: 2), out _));
    }

    [Theory]
    [InlineData(7, SocketDecodeError.None)]
    [InlineData(6, SocketDecodeError.TooManyElements)]
    public void More_elements_than_the_budget_are_refused(int maxElements, SocketDecodeError expected)
    {
        // Three packet entries, and data: ["e", [1, 2]] holds four items.
        var packet = Convert.FromHexString("83a47479706502a46461746192a165920102a36e7370a12f");

        Assert.Equal(expected, SocketIoMsgPack.TryDecode(packet, new SocketIoMsgPackLimits(MaxElements: maxElements), out _));
    }

    [Fact]
    public void A_million_nested_arrays_are_refused_by_depth_without_recursing_into_them()
    {
        var packet = new byte[1_000_000];
        Convert.FromHexString("83a47479706502a464617461").CopyTo(packet, 0);
        Array.Fill(packet, (byte)0x91, 12, packet.Length - 12);

        Assert.Equal(SocketDecodeError.TooDeep, SocketIoMsgPack.TryDecode(packet, SocketIoMsgPackLimits.Default, out _));
    }

    [Fact]
    public void Limits_outside_what_the_decoder_can_honour_are_refused_at_configuration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketIoMsgPackLimits(MaxDepth: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketIoMsgPackLimits(MaxDepth: SocketIoMsgPackLimits.MaxDepthLimit + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketIoMsgPackLimits(MaxBytes: SocketIoMsgPackLimits.MaxBytesLimit + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SocketIoMsgPackLimits(MaxElements: -1));
    }
}

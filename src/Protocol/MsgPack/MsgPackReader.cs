using System.Buffers.Binary;

namespace OrleansEio.Protocol.MsgPack;

internal enum MsgPackKind : byte
{
    Nil,
    Boolean,
    /// <summary>A signed integer format, or an unsigned one that fits a long: <see cref="MsgPackToken.Integer"/>.</summary>
    Integer,
    /// <summary>A uint 64 above <see cref="long.MaxValue"/>: <see cref="MsgPackToken.Unsigned"/>.</summary>
    Unsigned,
    Float,
    String,
    /// <summary><c>bin</c>, or notepack's <c>ArrayBuffer</c> extension.</summary>
    Binary,
    Array,
    Map,
    /// <summary>notepack's <c>undefined</c> (fixext 1, type 0).</summary>
    Undefined,
    /// <summary>notepack's <c>Date</c> (fixext 8, type 0): milliseconds since the epoch in <see cref="MsgPackToken.Integer"/>.</summary>
    Date,
}

/// <summary>One msgpack header: a scalar's value, or where a string or binary's bytes are, or how many items a container holds.</summary>
internal readonly record struct MsgPackToken(MsgPackKind Kind, long Integer = 0, ulong Unsigned = 0, double Float = 0, int Offset = 0, int Length = 0)
{
    public bool Boolean => Integer != 0;

    /// <summary>The token as an integer, the way JavaScript's <c>Number.isInteger</c> sees numbers (an integral float counts).</summary>
    public bool TryGetInteger(out long value)
    {
        switch (Kind)
        {
            case MsgPackKind.Integer:
                value = Integer;
                return true;
            case MsgPackKind.Float when double.IsFinite(Float) && Math.Floor(Float) == Float && Float >= -9.2233720368547758E18 && Float < 9.2233720368547758E18:
                value = (long)Float;
                return true;
            default:
                value = 0;
                return false;
        }
    }
}

/// <summary>
/// Reads msgpack headers from a span, the formats notepack.io 2.2 decodes. Never throws: a truncated value, the unused
/// format 0xc1 or an extension notepack does not define (any type but 0, or type 0 in fixext 2/4/16) makes
/// <see cref="TryRead"/> return false. Lengths are checked against the bytes left before anything is sized from them.
/// </summary>
internal ref struct MsgPackReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;
    private int _position;

    public readonly int Remaining => _input.Length - _position;

    public readonly ReadOnlySpan<byte> Slice(int offset, int length) => _input.Slice(offset, length);

    public bool TryRead(out MsgPackToken token)
    {
        token = default;
        if (!TryTake(1, out var prefixBytes))
        {
            return false;
        }

        var prefix = prefixBytes[0];
        switch (prefix)
        {
            case < 0x80:
                token = new MsgPackToken(MsgPackKind.Integer, prefix);
                return true;
            case < 0x90:
                token = new MsgPackToken(MsgPackKind.Map, Length: prefix & 0x0f);
                return true;
            case < 0xa0:
                token = new MsgPackToken(MsgPackKind.Array, Length: prefix & 0x0f);
                return true;
            case < 0xc0:
                return TryBytes(MsgPackKind.String, prefix & 0x1f, out token);
            case >= 0xe0:
                token = new MsgPackToken(MsgPackKind.Integer, (sbyte)prefix);
                return true;
        }

        switch (prefix)
        {
            case MsgPackCode.Nil:
                token = new MsgPackToken(MsgPackKind.Nil);
                return true;
            case MsgPackCode.False or MsgPackCode.True:
                token = new MsgPackToken(MsgPackKind.Boolean, prefix == MsgPackCode.True ? 1 : 0);
                return true;
            case MsgPackCode.Bin8 or MsgPackCode.Str8:
                return TryLength(1, out var length8) && TryBytes(prefix == MsgPackCode.Bin8 ? MsgPackKind.Binary : MsgPackKind.String, length8, out token);
            case MsgPackCode.Bin16 or MsgPackCode.Str16:
                return TryLength(2, out var length16) && TryBytes(prefix == MsgPackCode.Bin16 ? MsgPackKind.Binary : MsgPackKind.String, length16, out token);
            case MsgPackCode.Bin32 or MsgPackCode.Str32:
                return TryLength(4, out var length32) && TryBytes(prefix == MsgPackCode.Bin32 ? MsgPackKind.Binary : MsgPackKind.String, length32, out token);
            case MsgPackCode.Ext8:
                return TryExtension(1, out token);
            case MsgPackCode.Ext16:
                return TryExtension(2, out token);
            case MsgPackCode.Ext32:
                return TryExtension(4, out token);
            case MsgPackCode.Float32:
                return TryFixed(4, out var f32) && Set(new MsgPackToken(MsgPackKind.Float, Float: BinaryPrimitives.ReadSingleBigEndian(f32)), out token);
            case MsgPackCode.Float64:
                return TryFixed(8, out var f64) && Set(new MsgPackToken(MsgPackKind.Float, Float: BinaryPrimitives.ReadDoubleBigEndian(f64)), out token);
            case MsgPackCode.UInt8:
                return TryFixed(1, out var u8) && Set(new MsgPackToken(MsgPackKind.Integer, u8[0]), out token);
            case MsgPackCode.UInt16:
                return TryFixed(2, out var u16) && Set(new MsgPackToken(MsgPackKind.Integer, BinaryPrimitives.ReadUInt16BigEndian(u16)), out token);
            case MsgPackCode.UInt32:
                return TryFixed(4, out var u32) && Set(new MsgPackToken(MsgPackKind.Integer, BinaryPrimitives.ReadUInt32BigEndian(u32)), out token);
            case MsgPackCode.UInt64:
                if (!TryFixed(8, out var u64))
                {
                    return false;
                }

                var unsigned = BinaryPrimitives.ReadUInt64BigEndian(u64);
                token = unsigned <= long.MaxValue ? new MsgPackToken(MsgPackKind.Integer, (long)unsigned) : new MsgPackToken(MsgPackKind.Unsigned, Unsigned: unsigned);
                return true;
            case MsgPackCode.Int8:
                return TryFixed(1, out var i8) && Set(new MsgPackToken(MsgPackKind.Integer, (sbyte)i8[0]), out token);
            case MsgPackCode.Int16:
                return TryFixed(2, out var i16) && Set(new MsgPackToken(MsgPackKind.Integer, BinaryPrimitives.ReadInt16BigEndian(i16)), out token);
            case MsgPackCode.Int32:
                return TryFixed(4, out var i32) && Set(new MsgPackToken(MsgPackKind.Integer, BinaryPrimitives.ReadInt32BigEndian(i32)), out token);
            case MsgPackCode.Int64:
                return TryFixed(8, out var i64) && Set(new MsgPackToken(MsgPackKind.Integer, BinaryPrimitives.ReadInt64BigEndian(i64)), out token);
            case MsgPackCode.FixExt1:
                // notepack's undefined: the one data byte is skipped whatever it holds.
                return TryFixed(2, out var undefined) && (sbyte)undefined[0] == MsgPackCode.NotepackExtension && Set(new MsgPackToken(MsgPackKind.Undefined), out token);
            case MsgPackCode.FixExt8:
                // notepack's Date: milliseconds since the epoch, a signed high word and an unsigned low word.
                return TryFixed(9, out var date) && (sbyte)date[0] == MsgPackCode.NotepackExtension
                    && Set(new MsgPackToken(MsgPackKind.Date, BinaryPrimitives.ReadInt64BigEndian(date[1..])), out token);
            case MsgPackCode.Array16 or MsgPackCode.Map16:
                return TryLength(2, out var count16) && Set(new MsgPackToken(prefix == MsgPackCode.Array16 ? MsgPackKind.Array : MsgPackKind.Map, Length: count16), out token);
            case MsgPackCode.Array32 or MsgPackCode.Map32:
                return TryLength(4, out var count32) && Set(new MsgPackToken(prefix == MsgPackCode.Array32 ? MsgPackKind.Array : MsgPackKind.Map, Length: count32), out token);
            default:
                // 0xc1 (never used), and the fixext 2/4/16 formats, which notepack only ever decodes to [type, bytes].
                return false;
        }
    }

    private static bool Set(MsgPackToken value, out MsgPackToken token)
    {
        token = value;
        return true;
    }

    private bool TryTake(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count > Remaining)
        {
            bytes = default;
            return false;
        }

        bytes = _input.Slice(_position, count);
        _position += count;
        return true;
    }

    private bool TryFixed(int count, out ReadOnlySpan<byte> bytes) => TryTake(count, out bytes);

    /// <summary>A big-endian length of 1, 2 or 4 bytes; 32-bit lengths above <see cref="int.MaxValue"/> cannot fit any input.</summary>
    private bool TryLength(int size, out int length)
    {
        length = 0;
        if (!TryTake(size, out var bytes))
        {
            return false;
        }

        var value = size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        };
        if (value > int.MaxValue)
        {
            return false;
        }

        length = (int)value;
        return true;
    }

    private bool TryBytes(MsgPackKind kind, int length, out MsgPackToken token)
    {
        token = default;
        if (length > Remaining)
        {
            return false;
        }

        token = new MsgPackToken(kind, Offset: _position, Length: length);
        _position += length;
        return true;
    }

    /// <summary>ext 8/16/32: only notepack's type 0, an ArrayBuffer, which is binary like <c>bin</c>.</summary>
    private bool TryExtension(int size, out MsgPackToken token)
    {
        token = default;
        return TryLength(size, out var length) && TryTake(1, out var type) && (sbyte)type[0] == MsgPackCode.NotepackExtension
            && TryBytes(MsgPackKind.Binary, length, out token);
    }
}

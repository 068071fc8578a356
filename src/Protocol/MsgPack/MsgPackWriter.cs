using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansEio.Protocol.MsgPack;

/// <summary>
/// Writes msgpack values with the encodings notepack.io 2.2 chooses (the smallest integer format, float 64 for
/// every non-integer, <c>bin</c> for binary), so a packet written here is byte for byte what a Node server sends.
/// </summary>
internal static class MsgPackWriter
{
    public static void WriteNil(IBufferWriter<byte> output) => WriteByte(output, MsgPackCode.Nil);

    public static void WriteBoolean(IBufferWriter<byte> output, bool value) => WriteByte(output, value ? MsgPackCode.True : MsgPackCode.False);

    public static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        if (value >= 0)
        {
            WriteUnsigned(output, (ulong)value);
            return;
        }

        var span = output.GetSpan(9);
        int size;
        if (value >= -0x20)
        {
            span[0] = (byte)value;
            size = 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = MsgPackCode.Int8;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = MsgPackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            size = 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = MsgPackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            size = 5;
        }
        else
        {
            span[0] = MsgPackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            size = 9;
        }

        output.Advance(size);
    }

    public static void WriteUnsigned(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(9);
        int size;
        if (value < 0x80)
        {
            span[0] = (byte)value;
            size = 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = MsgPackCode.UInt8;
            span[1] = (byte)value;
            size = 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = MsgPackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            size = 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = MsgPackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            size = 5;
        }
        else
        {
            span[0] = MsgPackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            size = 9;
        }

        output.Advance(size);
    }

    /// <summary>
    /// A JavaScript number: integral values in the 64-bit ranges as integers (notepack's rule), the rest as float 64.
    /// notepack writes integral values beyond 64 bits as the integer 0; they are written as float 64 here, keeping their value.
    /// </summary>
    public static void WriteNumber(IBufferWriter<byte> output, double value)
    {
        // 2^63 and 2^64 are exactly representable, so the comparisons are exact.
        const double TwoTo63 = 9.2233720368547758E18;
        if (double.IsFinite(value) && Math.Floor(value) == value && value >= -TwoTo63 && value < 2 * TwoTo63)
        {
            if (value < TwoTo63)
            {
                WriteInteger(output, (long)value);
            }
            else
            {
                WriteUnsigned(output, (ulong)value);
            }

            return;
        }

        WriteDouble(output, value);
    }

    public static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(9);
        span[0] = MsgPackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        output.Advance(9);
    }

    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteHeader(output, length, MsgPackCode.FixStr, 0x20, MsgPackCode.Str8, MsgPackCode.Str16, MsgPackCode.Str32);
        var written = Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(written);
    }

    public static void WriteBinary(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        // notepack writes every Buffer as bin 8/16/32; there is no fixbin.
        WriteHeader(output, value.Length, 0, 0, MsgPackCode.Bin8, MsgPackCode.Bin16, MsgPackCode.Bin32);
        value.CopyTo(output.GetSpan(value.Length));
        output.Advance(value.Length);
    }

    public static void WriteArrayHeader(IBufferWriter<byte> output, int count)
        => WriteHeader(output, count, MsgPackCode.FixArray, 0x10, 0, MsgPackCode.Array16, MsgPackCode.Array32);

    public static void WriteMapHeader(IBufferWriter<byte> output, int count)
        => WriteHeader(output, count, MsgPackCode.FixMap, 0x10, 0, MsgPackCode.Map16, MsgPackCode.Map32);

    /// <summary>The smallest header for <paramref name="length"/>; a zero code means the family has no such format.</summary>
    private static void WriteHeader(IBufferWriter<byte> output, int length, byte fix, int fixLimit, byte code8, byte code16, byte code32)
    {
        var span = output.GetSpan(5);
        int size;
        if (length < fixLimit)
        {
            span[0] = (byte)(fix | length);
            size = 1;
        }
        else if (code8 != 0 && length <= byte.MaxValue)
        {
            span[0] = code8;
            span[1] = (byte)length;
            size = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            size = 3;
        }
        else
        {
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            size = 5;
        }

        output.Advance(size);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}

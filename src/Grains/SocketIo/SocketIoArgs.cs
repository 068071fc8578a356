using System.Text.Json;

namespace OrleansEio.SocketIo;

/// <summary>
/// The arguments of a received event or ack, with their binary attachments. Passing a
/// <see cref="SocketIoArgs"/> to an emit spreads it: <c>socket.Emit("echo", args)</c> re-sends every argument,
/// binary ones as binary.
/// </summary>
public sealed class SocketIoArgs
{
    private readonly JsonElement[] _items;

    internal SocketIoArgs(JsonElement[] items, IReadOnlyList<byte[]> attachments)
    {
        _items = items;
        Attachments = attachments;
    }

    /// <summary>No arguments, as an ack or event without any carries.</summary>
    public static SocketIoArgs Empty { get; } = new([], []);

    /// <summary>How many arguments there are.</summary>
    public int Count => _items.Length;

    /// <summary>The raw argument; binary parts appear as placeholders. Throws <see cref="IndexOutOfRangeException"/> past <see cref="Count"/>.</summary>
    public JsonElement this[int index] => _items[index];

    internal IReadOnlyList<byte[]> Attachments { get; }

    internal IReadOnlyList<JsonElement> Items => _items;

    /// <summary>
    /// The argument at <paramref name="index"/> as <typeparamref name="T"/>, read with System.Text.Json's web defaults (camelCase,
    /// case-insensitive); <c>byte[]</c> members resolve to their attachments. Throws <see cref="System.Text.Json.JsonException"/>
    /// when the client's value does not fit <typeparamref name="T"/>, and <see cref="IndexOutOfRangeException"/> past <see cref="Count"/>.
    /// </summary>
    public T? Get<T>(int index) => SocketIoJson.Read<T>(_items[index], Attachments);

    /// <summary>The argument as a string; null when it is missing or not a JSON string (a client's input is checked, not trusted).</summary>
    public string? GetStringOrNull(int index)
        => index >= 0 && index < _items.Length && _items[index].ValueKind == JsonValueKind.String ? _items[index].GetString() : null;

    /// <summary>The arguments from <paramref name="start"/> on, with the same attachments.</summary>
    public SocketIoArgs Slice(int start) => new(_items[Math.Min(start, _items.Length)..], Attachments);

    /// <summary>Builds arguments from a JSON array (element <paramref name="skip"/> onwards).</summary>
    internal static SocketIoArgs FromArray(JsonElement array, int skip, IReadOnlyList<byte[]> attachments)
    {
        var items = new JsonElement[Math.Max(0, array.GetArrayLength() - skip)];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (i >= skip)
            {
                items[i - skip] = item;
            }

            i++;
        }

        return new SocketIoArgs(items, attachments);
    }

    /// <summary>The arguments as a JSON array, binary ones as their placeholders. For logs.</summary>
    public override string ToString() => "[" + string.Join(",", _items.Select(i => i.GetRawText())) + "]";
}

namespace OrleansEio;

/// <summary>An Engine.IO message: text or binary. A string or a <c>byte[]</c> converts to one implicitly.</summary>
/// <param name="Text">The text of a text message; null for a binary one.</param>
/// <param name="Data">The bytes of a binary message; null for a text one. Not copied: do not change the array once sent.</param>
[GenerateSerializer, Immutable, Alias("OrleansEio.EngineIoMessage")]
public readonly record struct EngineIoMessage([property: Id(0)] string? Text, [property: Id(1)] byte[]? Data)
{
    /// <summary>Whether this is a binary message (<see cref="Data"/> is set).</summary>
    public bool IsBinary => Data is not null;

    /// <summary>A text message.</summary>
    public static EngineIoMessage FromText(string text) => new(text, null);

    /// <summary>A binary message; the array is kept, not copied.</summary>
    public static EngineIoMessage FromBinary(byte[] data) => new(null, data);

    /// <summary>A text message (<see cref="FromText"/>).</summary>
    public static implicit operator EngineIoMessage(string text) => FromText(text);

    /// <summary>A binary message (<see cref="FromBinary"/>).</summary>
    public static implicit operator EngineIoMessage(byte[] data) => FromBinary(data);

    /// <summary>The text, or <c>&lt;N bytes&gt;</c> for a binary message. For logs.</summary>
    public override string ToString() => IsBinary ? $"<{Data!.Length} bytes>" : Text ?? string.Empty;
}

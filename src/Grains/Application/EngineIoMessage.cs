namespace OrleansEio;

/// <summary>An Engine.IO message: text or binary.</summary>
[GenerateSerializer, Immutable, Alias("OrleansEio.EngineIoMessage")]
public readonly record struct EngineIoMessage([property: Id(0)] string? Text, [property: Id(1)] byte[]? Data)
{
    public bool IsBinary => Data is not null;

    public static EngineIoMessage FromText(string text) => new(text, null);

    public static EngineIoMessage FromBinary(byte[] data) => new(null, data);

    public static implicit operator EngineIoMessage(string text) => FromText(text);

    public static implicit operator EngineIoMessage(byte[] data) => FromBinary(data);

    public override string ToString() => IsBinary ? $"<{Data!.Length} bytes>" : Text ?? string.Empty;
}

namespace OrleansEio.Protocol.SocketIo;

/// <summary>The budgets of one <see cref="SocketIoPacketAssembler"/>; crossing one is a <see cref="SocketDecodeError"/>.</summary>
/// <param name="MaxAttachments">
/// Most binary attachments one packet may announce. The default, 10, is the reference decoder's (socket.io-parser 4.2's
/// <c>maxAttachments</c>), so no application that works against a Node server needs more.
/// </param>
/// <param name="MaxAttachmentBytes">
/// Most bytes the attachments of one packet may carry together. The default is Engine.IO's <c>maxHttpBufferSize</c>: one
/// packet's attachments may together be as large as one message may be.
/// </param>
public sealed record SocketIoAssemblerLimits(
    int MaxAttachments = SocketIoAssemblerLimits.DefaultMaxAttachments,
    int MaxAttachmentBytes = SocketIoAssemblerLimits.DefaultMaxAttachmentBytes)
{
    /// <summary>The default <see cref="MaxAttachments"/>: 10, the reference decoder's.</summary>
    public const int DefaultMaxAttachments = 10;

    /// <summary>The default <see cref="MaxAttachmentBytes"/>: 1,000,000 bytes, Engine.IO's default <c>maxHttpBufferSize</c>.</summary>
    public const int DefaultMaxAttachmentBytes = 1_000_000;

    /// <summary>The default budgets: <see cref="DefaultMaxAttachments"/> and <see cref="DefaultMaxAttachmentBytes"/>.</summary>
    public static SocketIoAssemblerLimits Default { get; } = new();
}

/// <summary>
/// Turns the Engine.IO messages of one session, fed in order, into complete Socket.IO packets: the text part of a
/// binary packet is held until the binary messages it announced have arrived. Garbage, a budget crossed, a binary
/// message nobody awaits or a text message while attachments are awaited is a <see cref="SocketDecodeError"/>, never an
/// exception. After an error the held packet is dropped; the caller closes the session. One per session, not thread-safe.
/// </summary>
public sealed class SocketIoPacketAssembler
{
    private readonly SocketIoAssemblerLimits _limits;
    private SocketPacket? _pending;
    private int _pendingBytes;

    /// <summary>An assembler with the default budgets (<see cref="SocketIoAssemblerLimits.Default"/>).</summary>
    public SocketIoPacketAssembler()
        : this(SocketIoAssemblerLimits.Default)
    {
    }

    /// <summary>An assembler with the given budgets; a negative one throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public SocketIoPacketAssembler(SocketIoAssemblerLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaxAttachments);
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaxAttachmentBytes);
        _limits = limits;
    }

    /// <summary>The budgets given at construction: attachments one packet may announce and bytes they may carry together; a packet beyond either is a <see cref="SocketDecodeError"/>.</summary>
    public SocketIoAssemblerLimits Limits => _limits;

    /// <summary>True while a binary packet waits for more attachments.</summary>
    public bool IsAwaitingAttachments => _pending is not null;

    /// <summary>The attachment bytes held for the waiting packet; never more than <see cref="SocketIoAssemblerLimits.MaxAttachmentBytes"/>.</summary>
    public int BufferedBytes => _pendingBytes;

    /// <summary>Feeds one text message. <paramref name="packet"/> is the decoded packet once it is complete, else null.</summary>
    public SocketDecodeError TryAddText(string text, out SocketPacket? packet)
    {
        packet = null;
        if (_pending is not null)
        {
            Reset();
            return SocketDecodeError.MissingAttachments;
        }

        var error = SocketIoParser.TryDecode(text, _limits.MaxAttachments, out var decoded);
        if (error != SocketDecodeError.None)
        {
            return error;
        }

        if (decoded!.IsComplete)
        {
            packet = decoded;
        }
        else
        {
            _pending = decoded;
        }

        return SocketDecodeError.None;
    }

    /// <summary>
    /// Feeds one binary message: the next attachment of the waiting packet. The array is kept, not copied.
    /// <paramref name="packet"/> is the packet once its last attachment has arrived, else null.
    /// </summary>
    public SocketDecodeError TryAddBinary(byte[] data, out SocketPacket? packet)
    {
        packet = null;
        if (_pending is not { } pending)
        {
            return SocketDecodeError.UnexpectedBinary;
        }

        // Checked before keeping anything, so the held bytes never exceed the budget, even for a moment.
        if (data.Length > _limits.MaxAttachmentBytes - _pendingBytes)
        {
            Reset();
            return SocketDecodeError.AttachmentsTooLarge;
        }

        pending.Attachments.Add(data);
        _pendingBytes += data.Length;
        if (pending.IsComplete)
        {
            packet = pending;
            Reset();
        }

        return SocketDecodeError.None;
    }

    /// <summary>Drops the waiting packet, if any.</summary>
    public void Reset()
    {
        _pending = null;
        _pendingBytes = 0;
    }
}

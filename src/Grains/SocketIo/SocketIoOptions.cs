using OrleansEio.Protocol.SocketIo;

namespace OrleansEio.SocketIo;

/// <summary>Socket.IO server options, bound from the <c>SocketIo</c> configuration section.</summary>
public sealed class SocketIoOptions
{
    public const string SectionName = "SocketIo";

    /// <summary>How long a session may stay without any connected namespace before it is closed (socket.io's <c>connectTimeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Most binary attachments one packet may announce; more is a parse error. 10, as the reference decoder.</summary>
    public int MaxAttachments { get; set; } = SocketIoAssemblerLimits.DefaultMaxAttachments;

    /// <summary>Most bytes the binary attachments of one packet may carry together; more is a parse error (Engine.IO's default <c>maxHttpBufferSize</c>).</summary>
    public int MaxAttachmentBytes { get; set; } = SocketIoAssemblerLimits.DefaultMaxAttachmentBytes;

    /// <summary>How often each silo re-registers its namespaces with the cluster-wide directory.</summary>
    /// <remarks>Short, because a directory grain re-activated after its silo died knows no silo until they re-register.</remarks>
    public TimeSpan DirectoryRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

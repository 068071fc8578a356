using Microsoft.Extensions.DependencyInjection;
using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

public sealed class SocketIoNamespaceKeyTests
{
    [Fact]
    public void Its_string_form_is_path_bar_namespace_as_grain_keys_and_recovery_logs_were_named_before()
        => Assert.Equal("/socket.io|/chat", new SocketIoNamespaceKey("/socket.io", "/chat").ToKey());

    [Theory]
    [InlineData("/socket.io", "/")]
    [InlineData("/socket.io", "/a|b")]
    [InlineData("/socket.io", "/|")]
    [InlineData("/x", "")]
    public void A_key_read_back_from_its_string_form_is_the_same_key_even_when_the_namespace_contains_the_bar(string path, string nsp)
    {
        var key = new SocketIoNamespaceKey(path, nsp);
        Assert.Equal(key, SocketIoNamespaceKey.FromKey(key.ToKey()));
    }

    [Fact]
    public void A_string_without_the_bar_is_not_a_key()
        => Assert.Throws<ArgumentException>(() => SocketIoNamespaceKey.FromKey("/socket.io"));

    [Fact]
    public void A_socket_io_path_with_a_bar_is_refused_where_it_is_declared()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() => services.AddSocketIo("/a|b", io => io.Namespace("/", _ => { })));
        Assert.Contains("must not contain '|'", error.Message);
        Assert.Throws<ArgumentException>(() => services.AddSocketIoServer("/a|b"));
    }
}

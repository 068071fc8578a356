using OrleansEio.SocketIo;

namespace OrleansEio.Tests.SocketIo;

/// <summary>What every <see cref="ISocketIoRecoveryStore"/> must do, whichever place it keeps the state in.</summary>
public abstract class RecoveryStoreContract
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(2);

    private protected abstract ISocketIoRecoveryStore Store { get; }

    /// <summary>Milliseconds since the epoch that the store's clock reads now (offsets are made from it).</summary>
    private protected abstract long NowMs { get; }

    private protected static SocketIoNamespaceKey NewNamespace() => new("/socket.io", "/" + Guid.NewGuid().ToString("N"));

    private protected static SequencedBroadcast Broadcast(SocketIoOffset offset, string text, params string[] rooms)
        => new(offset, new RoomFilter(rooms, []), [EngineIoMessage.FromText("42[\"tick\"," + text + "]")]);

    private protected static RecoverableSocket Snapshot(string holder, params string[] rooms)
        => new("/socket.io", "/", "socket-1", holder, rooms, new Dictionary<string, string> { ["user"] = "\"ann\"" });

    [Fact]
    public async Task Appended_broadcasts_are_read_back_after_an_offset_in_order_with_their_rooms_and_frames()
    {
        var ns = NewNamespace();
        var now = NowMs;
        var first = new SocketIoOffset(now, 0);
        await Store.AppendAsync(ns, [Broadcast(first, "1", "a"), Broadcast(first with { Sequence = 1 }, "2")], Long);
        await Store.AppendAsync(ns, [Broadcast(new SocketIoOffset(now + 1, 0), "3", "b", "c")], Long);

        var after = await Store.ReadAfterAsync(ns, first);

        Assert.NotNull(after);
        Assert.Equal([first with { Sequence = 1 }, new SocketIoOffset(now + 1, 0)], after.Select(b => b.Offset));
        Assert.Equal(["b", "c"], after[1].Filter.Rooms);
        Assert.Equal("42[\"tick\",3]", after[1].Messages[0].Text);
        Assert.Empty((await Store.ReadAfterAsync(ns, new SocketIoOffset(now + 1, 0)))!);
        Assert.Equal(new SocketIoOffset(now + 1, 0), await Store.LastOffsetAsync(ns));
    }

    [Fact]
    public async Task An_offset_that_is_not_in_the_log_reads_as_null_so_the_client_gets_a_new_socket()
    {
        var ns = NewNamespace();
        var now = NowMs;
        Assert.Null(await Store.ReadAfterAsync(ns, new SocketIoOffset(now, 0)));
        Assert.Equal(SocketIoOffset.None, await Store.LastOffsetAsync(ns));

        await Store.AppendAsync(ns, [Broadcast(new SocketIoOffset(now, 5), "1")], Long);

        Assert.Null(await Store.ReadAfterAsync(ns, new SocketIoOffset(now, 4)));
        Assert.Null(await Store.ReadAfterAsync(NewNamespace(), new SocketIoOffset(now, 5)));
    }

    [Fact]
    public async Task An_offset_not_above_the_logs_last_is_refused()
    {
        var ns = NewNamespace();
        var last = new SocketIoOffset(NowMs, 3);
        await Store.AppendAsync(ns, [Broadcast(last, "1")], Long);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync(ns, [Broadcast(last, "2")], Long));
        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync(ns, [Broadcast(last with { Sequence = 2 }, "3")], Long));
    }

    [Fact]
    public async Task A_snapshot_is_taken_once()
    {
        var pid = Guid.NewGuid().ToString("N");
        await Store.SaveAsync(pid, Snapshot("session-1", "socket-1", "room"), Long, claim: true);

        var taken = await Store.TakeAsync(pid);

        Assert.NotNull(taken);
        Assert.Equal(["socket-1", "room"], taken.Rooms);
        Assert.Equal("\"ann\"", taken.Data["user"]);
        Assert.Equal("session-1", taken.Holder);
        Assert.Null(await Store.TakeAsync(pid));
        Assert.Null(await Store.TakeAsync("never-" + pid));
    }

    [Fact]
    public async Task Only_a_claim_replaces_another_sessions_snapshot_and_only_its_holder_deletes_it()
    {
        var pid = Guid.NewGuid().ToString("N");
        await Store.SaveAsync(pid, Snapshot("old", "socket-1"), Long, claim: true);
        await Store.SaveAsync(pid, Snapshot("new", "socket-1", "r"), Long, claim: true);

        // The session that held it before writes late: it must not overwrite or remove the new holder's snapshot.
        await Store.SaveAsync(pid, Snapshot("old", "socket-1", "stale"), Long, claim: false);
        await Store.DeleteAsync(pid, "old");
        var kept = await Store.TakeAsync(pid);

        Assert.Equal("new", kept!.Holder);
        Assert.Equal(["socket-1", "r"], kept.Rooms);

        await Store.SaveAsync(pid, Snapshot("new", "socket-1"), Long, claim: false);
        await Store.DeleteAsync(pid, "new");
        Assert.Null(await Store.TakeAsync(pid));
    }
}

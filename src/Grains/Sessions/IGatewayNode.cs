namespace OrleansEio.Sessions;

/// <summary>
/// A gateway process, reachable from session grains as an observer. Sessions ping the gateway holding
/// their pending GET to tell a client's overlapping poll (close the session) from a dead gateway's
/// abandoned one (take over).
/// </summary>
[Alias("OrleansEio.IGatewayNode")]
internal interface IGatewayNode : IGrainObserver
{
    [Alias("Ping")]
    Task<string> Ping();
}

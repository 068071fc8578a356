using System.Diagnostics;
using OpenTelemetry.Trace;

namespace OrleansEio.Hosting.Telemetry;

/// <summary>
/// Decides for spans that start a trace (spans with a parent follow it). A trace starts where an operator's question
/// does: an HTTP request, a broadcast, a drain, at <c>Telemetry:Tracing:SampleRatio</c>. A grain call that no traced
/// operation made (a session's heartbeat tick, a WebSocket frame, Orleans' own membership and directory traffic) is
/// not recorded: alone it answers nothing, and there are many.
/// </summary>
internal sealed class RootSpanSampler(double ratio) : Sampler
{
    private const string HttpRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        => samplingParameters.Kind is ActivityKind.Client or ActivityKind.Server && samplingParameters.Name != HttpRequest
            ? new SamplingResult(SamplingDecision.Drop)
            : _ratio.ShouldSample(samplingParameters);
}

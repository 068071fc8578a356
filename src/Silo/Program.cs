using OrleansEio.Hosting;

// Silos and gateways share one environment switch (ASPNETCORE_ENVIRONMENT=Conformance) so a cluster agrees on timings.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
});
builder.UseOrleans(silo => silo
    .UseConfiguredClustering(builder.Configuration)
    .AddOrleansEio(builder.Configuration));
await builder.Build().RunAsync();

using OrleansEio.Hosting;
using OrleansEio.InteropApp;

// The silo host: clustering by configuration (Cluster section), the project's applications, and health
// endpoints for orchestrators. Silos and gateways share one environment switch (ASPNETCORE_ENVIRONMENT).
var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.UseConfiguredClustering(builder.Configuration));
builder.Services.AddOrleansEioOptions(builder.Configuration).AddInteropApps();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("alive"));
app.MapGet("/readyz", async (IGrainFactory grains) => await HealthChecks.IsReadyAsync(grains, TimeSpan.FromSeconds(2))
    ? Results.Text("ready")
    : Results.Text("not serving", statusCode: StatusCodes.Status503ServiceUnavailable));
await app.RunAsync();

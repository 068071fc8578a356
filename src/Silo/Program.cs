using OrleansEio.Hosting;
using OrleansEio.Hosting.Health;
using OrleansEio.Hosting.Telemetry;
using OrleansEio.InteropApp;
using OrleansEio.Silo;

// The silo host: clustering by configuration (Cluster section), the project's applications, and health
// and metrics endpoints for orchestrators (on Silo:ManagementPort when set), telemetry when configured (Telemetry section),
// the Orleans Dashboard when configured (Silo:Dashboard). Silos and gateways share one environment switch (ASPNETCORE_ENVIRONMENT).
var builder = WebApplication.CreateBuilder(args);
var managementPort = builder.Configuration.GetValue<int?>("Silo:ManagementPort");
builder.ListenOnManagementPort(managementPort);
builder.UseOrleans(silo => silo.UseConfiguredClustering(builder.Configuration).UseConfiguredTelemetry(builder.Configuration).UseConfiguredDashboard(builder.Configuration));
builder.Services.AddOrleansEioOptions(builder.Configuration).AddInteropApps(builder.Configuration).AddOrleansEioHealthChecks();
builder.AddOrleansEioTelemetry("orleanseio-silo");

var app = builder.Build();
app.UseManagementPort(managementPort);
app.MapOrleansEioHealth();
app.MapOrleansEioTelemetry();
app.MapConfiguredDashboard();
await app.RunAsync();

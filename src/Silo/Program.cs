using OrleansEio.Hosting;
using OrleansEio.Hosting.Health;
using OrleansEio.InteropApp;

// The silo host: clustering by configuration (Cluster section), the project's applications, and health
// endpoints for orchestrators (on Silo:ManagementPort when set). Silos and gateways share one environment
// switch (ASPNETCORE_ENVIRONMENT).
var builder = WebApplication.CreateBuilder(args);
var managementPort = builder.Configuration.GetValue<int?>("Silo:ManagementPort");
builder.ListenOnManagementPort(managementPort);
builder.UseOrleans(silo => silo.UseConfiguredClustering(builder.Configuration));
builder.Services.AddOrleansEioOptions(builder.Configuration).AddInteropApps(builder.Configuration).AddOrleansEioHealthChecks();

var app = builder.Build();
app.UseManagementPort(managementPort);
app.MapOrleansEioHealth();
await app.RunAsync();

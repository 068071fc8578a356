using OrleansEio.Gateway;

await GatewayHost.Build(args).RunAsync();

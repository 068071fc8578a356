# Multi-stage image of the gateway host. Build from the repository root:
#   docker build -f deploy/docker/Gateway.Dockerfile -t orleanseio-gateway .
# Microsoft's official .NET 10 images by default; a mirror can be given with --build-arg SDK_IMAGE=... RUNTIME_IMAGE=...
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# The build installs socket.io-client from npm: the demo page's bundle (src/Gateway/package-lock.json) and the bundles
# MapSocketIo serves (src/AspNetCore/package-lock.json).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway -c Release -o /app --nologo

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
# The echo and interop test apps stay off in images (TestApps__Enabled=true turns them on for a test).
ENV Urls=http://+:8080 \
    TestApps__Enabled=false \
    Cluster__Mode=Client \
    Cluster__Clustering=Redis
EXPOSE 8080
ENTRYPOINT ["dotnet", "OrleansEio.Gateway.dll"]

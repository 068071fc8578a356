# Multi-stage image of the silo host. Build from the repository root:
#   docker build -f deploy/docker/Silo.Dockerfile -t orleanseio-silo .
# Microsoft's official .NET 10 images by default; a mirror can be given with --build-arg SDK_IMAGE=... RUNTIME_IMAGE=...
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo -c Release -o /app --nologo

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
# Health on 8080; silo-to-silo 11111; Orleans gateway (for the gateways, as clients) 30000.
# The echo and interop test apps stay off in images (TestApps__Enabled=true turns them on for a test).
ENV Urls=http://+:8080 \
    TestApps__Enabled=false \
    Cluster__Clustering=Redis \
    Cluster__SiloPort=11111 \
    Cluster__GatewayPort=30000
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "OrleansEio.Silo.dll"]

# Multi-stage image of the silo host. Build from the repository root:
#   docker build -f deploy/docker/Silo.Dockerfile --build-arg SDK_IMAGE=<.NET 10 SDK image> --build-arg RUNTIME_IMAGE=<ASP.NET Core 10 runtime image> -t orleanseio-silo .
ARG SDK_IMAGE
ARG RUNTIME_IMAGE

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo -c Release -o /app --nologo

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /app .
# Health on 8080; silo-to-silo 11111; Orleans gateway (for the gateways, as clients) 30000.
ENV Urls=http://+:8080 \
    Cluster__Clustering=Redis \
    Cluster__SiloPort=11111 \
    Cluster__GatewayPort=30000
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "OrleansEio.Silo.dll"]

// Azure Container Apps: stateless gateways with external ingress and NO session affinity, silos without
// ingress. Silos reach each other directly (ports 11111/30000), which needs replica-to-replica networking:
// a VNet-integrated environment (infrastructureSubnetId). Membership and grain locations live in Redis.
// az deployment group create -g <group> -f deploy/azure/main.bicep -p siloImage=... gatewayImage=... redisConnection=... infrastructureSubnetId=... sessionIdKey="$(openssl rand -base64 32)" proxyNetwork=...

@description('Region of the environment and the apps.')
param location string = resourceGroup().location

@description('Silo image (deploy/docker/Silo.Dockerfile).')
param siloImage string

@description('Gateway image (deploy/docker/Gateway.Dockerfile).')
param gatewayImage string

@description('Redis connection string (e.g. an Azure Cache for Redis), for membership and grain locations.')
@secure()
param redisConnection string

@description('Subnet for the environment, so silo replicas can reach each other directly.')
param infrastructureSubnetId string

@description('The sid key every node signs and verifies session ids with: base64 of 32 random bytes (`openssl rand -base64 32`).')
@secure()
param sessionIdKey string

@description('The network (CIDR) of the environment\'s ingress proxies, whose X-Forwarded-For gives the client address: the infrastructure subnet\'s range.')
param proxyNetwork string

@description('OTLP endpoint for metrics and traces (e.g. an OpenTelemetry collector in the environment\'s network); empty: none. /metrics is served either way.')
param otlpEndpoint string = ''

// /metrics on every node (the gateways' on their management port), JSON console logs for Log Analytics, and OTLP when
// an endpoint is given (docs/operations.md).
var telemetryEnv = concat([
  { name: 'Telemetry__Prometheus__Enabled', value: 'true' }
  { name: 'Logging__Console__FormatterName', value: 'json' }
], empty(otlpEndpoint) ? [] : [
  { name: 'Telemetry__Otlp__Endpoint', value: otlpEndpoint }
])

var clusterEnv = concat(telemetryEnv, [
  { name: 'EngineIo__SessionIdKeys__0', secretRef: 'sid-key' }
  { name: 'TestApps__Enabled', value: 'false' }
  { name: 'Cluster__Clustering', value: 'Redis' }
  { name: 'Cluster__Redis', secretRef: 'redis' }
  { name: 'Cluster__ServiceId', value: 'orleanseio' }
  { name: 'Cluster__ClusterId', value: 'orleanseio' }
])

var siloProbes = [
  { type: 'Readiness', httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 5 }
  { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 }
]

// Gateways answer health only on their management port, which the external ingress does not expose.
var gatewayProbes = [
  { type: 'Readiness', httpGet: { path: '/readyz', port: 8081 }, periodSeconds: 5 }
  { type: 'Liveness', httpGet: { path: '/healthz', port: 8081 }, periodSeconds: 10 }
]

var secrets = [
  { name: 'redis', value: redisConnection }
  { name: 'sid-key', value: sessionIdKey }
]

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'orleanseio'
  location: location
  properties: {
    vnetConfiguration: { infrastructureSubnetId: infrastructureSubnetId }
    workloadProfiles: [ { name: 'Consumption', workloadProfileType: 'Consumption' } ]
  }
}

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'orleanseio-silo'
  location: location
  properties: {
    environmentId: environment.id
    configuration: {
      secrets: secrets
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: siloImage
          env: concat(clusterEnv, [
            { name: 'Urls', value: 'http://+:8080' }
            { name: 'Cluster__SiloPort', value: '11111' }
            { name: 'Cluster__GatewayPort', value: '30000' }
          ])
          probes: siloProbes
        }
      ]
      scale: { minReplicas: 2, maxReplicas: 4 }
    }
  }
}

resource gateway 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'orleanseio-gateway'
  location: location
  properties: {
    environmentId: environment.id
    configuration: {
      secrets: secrets
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        // Any replica may serve any request of any session.
        stickySessions: { affinity: 'none' }
      }
    }
    template: {
      containers: [
        {
          name: 'gateway'
          image: gatewayImage
          env: concat(clusterEnv, [
            { name: 'Urls', value: 'http://+:8080' }
            { name: 'Cluster__Mode', value: 'Client' }
            { name: 'Gateway__ManagementPort', value: '8081' }
            { name: 'Gateway__ForwardedHeaders__KnownNetworks__0', value: proxyNetwork }
          ])
          probes: gatewayProbes
        }
      ]
      scale: { minReplicas: 2, maxReplicas: 10 }
    }
  }
}

output gatewayUrl string = 'https://${gateway.properties.configuration.ingress.fqdn}'

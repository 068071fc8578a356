// Azure Container Apps: stateless gateways with external ingress and NO session affinity, silos without
// ingress. Silos reach each other directly (ports 11111/30000), which needs replica-to-replica networking:
// a VNet-integrated environment (infrastructureSubnetId). Membership and grain locations live in Redis.
// az deployment group create -g <group> -f deploy/azure/main.bicep -p siloImage=... gatewayImage=... redisConnection=... infrastructureSubnetId=...

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

var clusterEnv = [
  { name: 'Cluster__Clustering', value: 'Redis' }
  { name: 'Cluster__Redis', secretRef: 'redis' }
  { name: 'Cluster__ServiceId', value: 'orleanseio' }
  { name: 'Cluster__ClusterId', value: 'orleanseio' }
]

var probes = [
  { type: 'Readiness', httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 5 }
  { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 }
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
      secrets: [ { name: 'redis', value: redisConnection } ]
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
          probes: probes
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
      secrets: [ { name: 'redis', value: redisConnection } ]
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
          ])
          probes: probes
        }
      ]
      scale: { minReplicas: 2, maxReplicas: 10 }
    }
  }
}

output gatewayUrl string = 'https://${gateway.properties.configuration.ingress.fqdn}'

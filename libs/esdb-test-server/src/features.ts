import { randomUUID } from 'node:crypto';
import { ticksOf } from './codec';
import { type Grpc, gossipPb, serverFeaturesPb, serviceModules, sharedPb } from './proto';

export const SERVER_VERSION = '24.10.0';

/** Extra feature flags per method, as ServerFeatures.cs advertises them. */
function featuresOf(service: string, method: string): string[] {
  if (service.endsWith('persistentsubscriptions')) return ['stream', 'all'];
  if (service.endsWith('streams') && method === 'read') return ['position', 'events'];
  if (service.endsWith('streams') && method === 'batchappend') return ['deadline_duration'];
  if (service.endsWith('projections') && method === 'create') return ['track_emitted_streams'];
  return [];
}

/** Every method of every `*.client.*` service, lower-cased, from the shipped service definitions. */
export function supportedMethods(): InstanceType<typeof serverFeaturesPb.SupportedMethods> {
  const result = new serverFeaturesPb.SupportedMethods().setEventStoreServerVersion(SERVER_VERSION);
  for (const module of Object.values(serviceModules)) {
    for (const definition of Object.values(module)) {
      if (typeof definition !== 'object' || definition === null) continue;
      for (const method of Object.values(definition) as { path?: string }[]) {
        const match = /^\/([^/]+)\/([^/]+)$/.exec(method?.path ?? '');
        if (!match || !match[1]!.includes('.client.')) continue;
        const service = match[1]!.toLowerCase();
        const name = match[2]!.toLowerCase();
        const supported = new serverFeaturesPb.SupportedMethod()
          .setServiceName(service)
          .setMethodName(name)
          .setFeaturesList(featuresOf(service, name));
        result.addMethods(supported);
      }
    }
  }
  return result;
}

export function serverFeaturesImpl(): Grpc.UntypedServiceImplementation {
  const methods = supportedMethods();
  return {
    getSupportedMethods: (_call: unknown, callback: Grpc.sendUnaryData<unknown>) => callback(null, methods),
  };
}

/** Gossip with one live member, the leader, at the address clients dialled (ESDB-PROTOCOL §1.4). */
export function gossipImpl(
  advertise: () => { host: string; port: number },
): Grpc.UntypedServiceImplementation {
  const instanceId = randomUUID();
  return {
    read: (_call: unknown, callback: Grpc.sendUnaryData<unknown>) => {
      const { host, port } = advertise();
      const member = new gossipPb.MemberInfo()
        .setInstanceId(new sharedPb.UUID().setString(instanceId))
        .setTimeStamp(ticksOf(new Date()))
        .setState(gossipPb.MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(new gossipPb.EndPoint().setAddress(host).setPort(port));
      const info = new gossipPb.ClusterInfo();
      info.addMembers(member); // jspb's add* returns the element, not the message
      callback(null, info);
    },
  };
}

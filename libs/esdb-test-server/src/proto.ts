import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import type * as GossipPb from '@eventstore/db-client/generated/gossip_pb';
import type * as PersistentPb from '@eventstore/db-client/generated/persistent_pb';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb';

/**
 * The generated protobuf modules shipped inside @eventstore/db-client (ESDB-PROTOCOL §1). They are
 * CommonJS and their serializers check `instanceof`, so every response must be built from the very
 * module instances the service definitions required: load them all through one native `require`.
 */
const require = createRequire(import.meta.url);
const generated = (name: string): any => require(`@eventstore/db-client/generated/${name}`);
const requireFromGenerated = createRequire(require.resolve('@eventstore/db-client/generated/status_pb.js'));

export const grpc: typeof Grpc = require('@grpc/grpc-js');
export const streamsPb: typeof StreamsPb = generated('streams_pb.js');
export const sharedPb: typeof SharedPb = generated('shared_pb.js');
export const statusPb: typeof StatusPb = generated('status_pb.js');
export const gossipPb: typeof GossipPb = generated('gossip_pb.js');
export const persistentPb: typeof PersistentPb = generated('persistent_pb.js');
export const projectionsPb: any = generated('projections_pb.js');
export const serverFeaturesPb: typeof ServerFeaturesPb = generated('serverfeatures_pb.js');
export const anyPb: any = requireFromGenerated('google-protobuf/google/protobuf/any_pb');
export const emptyPb: any = requireFromGenerated('google-protobuf/google/protobuf/empty_pb');

/** Every `*_grpc_pb.js` module, by file name, for ServerFeatures and for registering services. */
export const serviceModules: Record<string, Record<string, Grpc.ServiceDefinition>> = Object.fromEntries(
  [
    'streams',
    'persistent',
    'projections',
    'serverfeatures',
    'gossip',
    'operations',
    'users',
    'monitoring',
  ].map((name) => [name, generated(`${name}_grpc_pb.js`)]),
);

export type { Grpc, StreamsPb, SharedPb, PersistentPb };

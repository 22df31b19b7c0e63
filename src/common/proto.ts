// Loading the contracts in proto/: gRPC package definitions for services, and
// protobuf codecs for the same models when they travel over NATS or sit in KV.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { ProtoGrpcType as BbsProto } from '../generated/bbs.ts';
import type { ProtoGrpcType as AuctioneerProto } from '../generated/auctioneer.ts';
import type { ProtoGrpcType as RepProto } from '../generated/rep.ts';

export const protoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../proto');

/** The one set of conversion options, matching `npm run proto`'s generated types. */
export const conversionOptions = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

function loadGrpc(file: string): grpc.GrpcObject {
  const definition = protoLoader.loadSync(path.join(protoDir, file), { ...conversionOptions, includeDirs: [protoDir] });
  return grpc.loadPackageDefinition(definition);
}

let bbs: BbsProto | undefined;
let auctioneer: AuctioneerProto | undefined;
let rep: RepProto | undefined;

export function bbsProto(): BbsProto {
  return (bbs ??= loadGrpc('bbs.proto') as unknown as BbsProto);
}
export function auctioneerProto(): AuctioneerProto {
  return (auctioneer ??= loadGrpc('auctioneer.proto') as unknown as AuctioneerProto);
}
export function repProto(): RepProto {
  return (rep ??= loadGrpc('rep.proto') as unknown as RepProto);
}

let root: protobuf.Root | undefined;
function protoRoot(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(protoDir, target));
    root.loadSync(['models.proto', 'bbs.proto', 'auctioneer.proto', 'rep.proto'], { keepCase: true });
  }
  return root;
}

export interface Codec<T> {
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/** A protobuf codec for a fully-qualified message name, e.g. "gantry.models.ActualLRP". */
export function codec<T>(messageName: string): Codec<T> {
  const type = protoRoot().lookupType(messageName);
  return {
    encode: (value) => type.encode(type.fromObject(value as Record<string, unknown>)).finish(),
    decode: (bytes) => type.toObject(type.decode(bytes), conversionOptions) as T,
  };
}

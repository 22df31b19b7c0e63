// The cell's droplet cache and the droplet bucket of the JetStream object store.
export { DropletCache, DROPLET_CACHE_DEFAULTS, STACK_USER, type DropletCacheOptions, type DropletLease, type CacheKind, type AcquireOptions } from './cache.ts';
export { putDroplet, dropletStore, DROPLET_BUCKET, type StoredDroplet } from './object-store.ts';
export { isDigest, digestOf, fetchReasons, FetchError } from './digest.ts';

/**
 * `smugglescan/adapters`: smugglescan inside moderation pipelines. Streams with back-pressure, a
 * worker-thread pool for every core, an HTTP sidecar and a Redis Streams worker (docs/pipelines.md).
 *
 * The pool, the sidecar and the Redis worker need packages that the core does not install; they
 * are optional peer dependencies, loaded on first use, and a missing one is a `DEPENDENCY_MISSING`
 * error that names the install command (`npm install piscina@5`, `fastify@5`, `ioredis@6`).
 *
 * @example
 * import { createServer } from 'smugglescan/adapters';
 * const server = await createServer({ port: 8787 });
 * @module
 */
export { isErrorRecord, type BatchClassifier, type ErrorRecord, type SettledResult } from './common.js';
export { classifyStream, createClassifyTransform, ClassifyTransform, type StreamOptions } from './stream.js';
export { createPool, resolvePoolWorker, type Pool, type PoolOptions, type PoolScannerOptions } from './pool.js';
export { createServer, parseSize, type ServerOptions, type SmuggleScanServer, type ServiceErrorCode } from './server/index.js';
export { ServiceMetrics, LATENCY_BUCKETS } from './metrics.js';
export { openApiDocument } from './openapi.js';
export { createRedisWorker, type RedisWorker, type RedisWorkerOptions, type RedisWorkerEvent, type RedisWorkerStats, type RedisResult } from './redis/index.js';

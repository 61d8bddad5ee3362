/**
 * Embedding smugglescan in moderation pipelines: streams with back-pressure, a worker-thread pool
 * for every core, an HTTP sidecar and a Redis Streams worker. See docs/pipelines.md.
 * @module
 */
export { isErrorRecord, type BatchClassifier, type ErrorRecord, type SettledResult } from './common.js';
export { classifyStream, createClassifyTransform, ClassifyTransform, type StreamOptions } from './stream.js';
export { createPool, resolvePoolWorker, type Pool, type PoolOptions, type PoolScannerOptions } from './pool.js';
export { createServer, parseSize, type ServerOptions, type SmuggleScanServer, type ServiceErrorCode } from './server.js';
export { ServiceMetrics, LATENCY_BUCKETS } from './metrics.js';
export { openApiDocument } from './openapi.js';
export { createRedisWorker, type RedisWorker, type RedisWorkerOptions, type RedisWorkerEvent, type RedisWorkerStats, type RedisResult } from './redis-worker.js';

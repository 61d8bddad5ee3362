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
export * from './pipeline/index.js';

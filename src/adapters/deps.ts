/**
 * The pipeline's heavy dependencies (fastify, ioredis, piscina), loaded on first use, so that
 * `import 'smugglescan'` for classification alone does not pay for them (about 200 ms). They are
 * optional peer dependencies: a missing one is a `DEPENDENCY_MISSING` error naming the install command.
 * @module
 */
import { requirePeer } from '../optional.js';

/**
 * fastify's factory.
 * @example const app = fastify()({ logger: false });
 */
export function fastify(): typeof import('fastify').default {
  const m = requirePeer('fastify') as unknown;
  return (typeof m === 'function' ? m : (m as { default: unknown }).default) as typeof import('fastify').default;
}

/**
 * ioredis's client class.
 * @example const client = new (redisClass())('redis://127.0.0.1:6379');
 */
export function redisClass(): typeof import('ioredis').Redis {
  const m = requirePeer('ioredis') as { Redis?: typeof import('ioredis').Redis; default?: typeof import('ioredis').Redis };
  return (m.Redis ?? m.default)!;
}

/**
 * Piscina's pool class.
 * @example const pool = new (piscinaClass())({ filename });
 */
export function piscinaClass(): typeof import('piscina').Piscina {
  const m = requirePeer('piscina') as { Piscina?: typeof import('piscina').Piscina; default?: typeof import('piscina').Piscina };
  return (m.Piscina ?? m.default)!;
}

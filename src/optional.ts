/**
 * Optional peer dependencies: the adapters' (piscina, fastify, ioredis) and the bench's (vega,
 * vega-lite) packages are not installed with the core. They load on first use; a missing one is a
 * `DEPENDENCY_MISSING` error that names what needs it and the command that installs it.
 * @module
 */
import { createRequire } from 'node:module';
import { SmuggleScanError } from './errors.js';

/** The optional peers, with the version range to install. */
export const OPTIONAL_PEERS = {
  piscina: { range: '5', usedBy: 'createPool (smugglescan/adapters) and `smugglescan classify --workers`' },
  fastify: { range: '5', usedBy: 'createServer (smugglescan/adapters) and `smugglescan serve`' },
  ioredis: { range: '6', usedBy: 'createRedisWorker (smugglescan/adapters) and `smugglescan worker`' },
  vega: { range: '6', usedBy: 'the charts of the bench report (smugglescan/bench, `smugglescan bench`)' },
  'vega-lite': { range: '6', usedBy: 'the charts of the bench report (smugglescan/bench, `smugglescan bench`)' },
} as const;

/** Name of an optional peer dependency. */
export type OptionalPeer = keyof typeof OPTIONAL_PEERS;

const load = createRequire(import.meta.url);

/** True when Node could not find the package itself (not a failure inside it). */
function isNotFound(e: unknown, name: string): boolean {
  const code = (e as { code?: string } | null)?.code;
  const message = String((e as { message?: unknown } | null)?.message ?? '');
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && message.includes(`'${name}`);
}

/** The error for a missing peer. */
export function missingPeer(name: OptionalPeer): SmuggleScanError {
  const peer = OPTIONAL_PEERS[name];
  const all = name === 'vega' || name === 'vega-lite' ? 'vega@6 vega-lite@6' : `${name}@${peer.range}`;
  return new SmuggleScanError(
    'DEPENDENCY_MISSING',
    `${peer.usedBy} needs the package "${name}", an optional peer dependency of smugglescan that is not installed. Fix: npm install ${all}`,
  );
}

/**
 * Loads an optional peer with `require` (CommonJS packages).
 * @example const m = requirePeer('piscina');
 */
export function requirePeer(name: OptionalPeer): unknown {
  try {
    return load(name) as unknown;
  } catch (e) {
    if (isNotFound(e, name)) throw missingPeer(name);
    throw e;
  }
}

/**
 * Loads an optional peer with `import()` (ES modules).
 * @example const vega = await importPeer<typeof import('vega')>('vega');
 */
export async function importPeer<T>(name: OptionalPeer): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (e) {
    if (isNotFound(e, name)) throw missingPeer(name);
    throw e;
  }
}

/**
 * Small helpers for the long-running subcommands (serve, worker): typed option parsing and
 * graceful stop on SIGINT/SIGTERM.
 * @module
 */
import { SmuggleScanError } from '../errors.js';

/**
 * Reads an integer option; throws `INVALID_OPTIONS` naming the flag and the range.
 * @example intOption('--port', '8787', 0, 65535) // 8787
 */
export function intOption(flag: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new SmuggleScanError('INVALID_OPTIONS', `${flag} must be an integer from ${min} to ${max} (got "${value}").`);
  }
  return n;
}

/**
 * Resolves with the signal's name on the first SIGINT or SIGTERM; a second one exits at once.
 * @example const signal = await untilSignal(); await server.close();
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      // A second signal while stopping: stop now.
      const force = (): void => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

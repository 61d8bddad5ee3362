/**
 * Small helpers for the long-running subcommands (serve, worker): typed option parsing and
 * graceful stop on SIGINT/SIGTERM.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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

/**
 * Reads a secret (a token, a password) from a file, else from an environment variable; never from
 * the command line, where `ps` shows it. Trailing newlines are dropped. Undefined when neither is set.
 * @example const token = readSecret('--token-file', values['token-file'], 'SMUGGLESCAN_TOKEN');
 */
export function readSecret(flag: string, file: string | undefined, envName: string): string | undefined {
  if (file === undefined) {
    const v = process.env[envName];
    return v === undefined || v === '' ? undefined : v;
  }
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new SmuggleScanError('INVALID_OPTIONS', `${flag}: cannot open ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Give a readable file holding the secret, or set ${envName}.`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new SmuggleScanError('INVALID_OPTIONS', `${flag}: ${file} is not a regular file. Give a file holding the secret, or set ${envName}.`);
    if (st.size > 4096) throw new SmuggleScanError('INVALID_OPTIONS', `${flag}: ${file} holds ${st.size} bytes; a secret file holds one line of at most 4096 bytes.`);
    const buf = Buffer.alloc(st.size);
    const n = readSync(fd, buf, 0, st.size, 0);
    const secret = buf.subarray(0, n).toString('utf8').replace(/[\r\n]+$/, '');
    if (!secret) throw new SmuggleScanError('INVALID_OPTIONS', `${flag}: ${file} is empty. Put the secret in it, or set ${envName}.`);
    return secret;
  } finally {
    closeSync(fd);
  }
}

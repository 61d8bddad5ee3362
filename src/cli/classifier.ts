/**
 * The classifier that `serve` and `worker` run: one scanner in this thread, or a pool of
 * `--workers` worker threads, from the flags the two commands share.
 * @module
 */
import { createPool, type Pool, type PoolScannerOptions } from '../adapters/pool.js';
import { createScanner, type Scanner } from '../scanner.js';
import { readThresholds } from './classify.js';

/** The flags behind the classifier. */
export interface ClassifierFlags {
  'no-model'?: boolean;
  model?: string;
  thresholds?: string;
}

/**
 * A scanner, or a pool when `workers` > 0 (then also returned as `pool`, to close).
 * @example const { scanner, pool } = classifierFromFlags(values, 2); ...; await pool?.close();
 */
export function classifierFromFlags(values: ClassifierFlags, workers: number): { scanner: Scanner | Pool; pool: Pool | undefined } {
  const scannerOptions: PoolScannerOptions = {
    model: values['no-model'] ? false : (values.model ?? undefined),
    ...(values.thresholds ? { thresholds: readThresholds(values.thresholds) } : {}),
  };
  const pool = workers > 0 ? createPool({ workers, scannerOptions }) : undefined;
  return { scanner: pool ?? createScanner(scannerOptions), pool };
}

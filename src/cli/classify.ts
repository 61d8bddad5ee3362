/**
 * `smugglescan classify`: one JSON line per input record, in input order, echoing `id`. A record
 * that cannot be read or classified gives an error line and the others go on. Exits 0 when every
 * record was classified, 2 when any failed, 1 on a usage error. A closed output pipe ends the run
 * quietly; Ctrl-C flushes what is done and says how far it got.
 * @module
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { SmuggleScanError } from '../errors.js';
import { isErrorRecord, type BatchClassifier, type SettledResult } from '../adapters/common.js';
import { classifyStream } from '../adapters/stream.js';
import { createScanner, type ScannerOptions } from '../scanner.js';
import type { ClassificationResult } from '../types.js';
import { formatFromName, readRecords, type Format, type InputRecord } from './records.js';

/** A record that could be read. */
type ReadRecord = Extract<InputRecord, { text: string }>;
import { renderTable } from './table.js';

export interface ClassifyArgs {
  input?: string;
  format?: Format;
  textField: string;
  idField: string;
  model: boolean;
  modelPath?: string;
  thresholds?: string;
  table: boolean;
  /** Posts per batch; default 64 in one thread, 512 with a worker pool (it keeps the workers busy). */
  batchSize?: number;
  /** Longest input line in bytes (default 1 MiB); a longer line gives an error record. */
  maxLineBytes?: number;
  /** Worker threads: `auto` (one per core when there are several) or a count; 1 classifies in-process. */
  workers?: 'auto' | number;
  /** No progress line on stderr (it is shown only when stderr is a terminal). */
  quiet?: boolean;
}

/** The default batch with a worker pool. */
const POOL_BATCH = 512;

/** What classify needs of a scanner or a worker pool. */
interface Classifier {
  classifier: BatchClassifier;
  close(): Promise<void>;
  readonly workers: number;
}

/**
 * The scanner in-process, or a pool of worker threads (`smugglescan/adapters`, which needs the
 * optional peer piscina). `auto` uses one worker per core when there are at least two, and falls
 * back to in-process with a note when piscina is not installed; an explicit count needs it.
 */
async function makeClassifier(a: ClassifyArgs, options: ScannerOptions): Promise<Classifier> {
  const cores = availableParallelism();
  const wanted = a.workers === undefined || a.workers === 'auto' ? cores : a.workers;
  if (wanted > 1) {
    try {
      const { createPool } = await import('../adapters/pool.js');
      const batch = a.batchSize ?? POOL_BATCH;
      const pool = createPool({ workers: wanted, scannerOptions: options as Record<string, unknown>, chunkSize: Math.max(8, Math.ceil(batch / wanted)) });
      await pool.ready();
      return { classifier: pool, close: () => pool.close(), workers: pool.workers };
    } catch (e) {
      const missing = e instanceof SmuggleScanError && e.code === 'DEPENDENCY_MISSING';
      if (!missing || a.workers !== 'auto' && a.workers !== undefined) throw e;
      if (!a.quiet) process.stderr.write(`smugglescan: classifying in one thread (--workers auto needs piscina: npm install piscina@5).\n`);
    }
  }
  return { classifier: createScanner(options), close: async () => undefined, workers: 1 };
}

/**
 * Classifies batches of input records: the readable ones go to `inner` together (so a batch of
 * records gives the model the same posts as before), and a record that could not be read keeps its
 * own error. A batch that fails as a whole throws, and `classifyStream` gives every record its error.
 */
function readableOnly(inner: BatchClassifier): BatchClassifier {
  return {
    ready: () => inner.ready(),
    async classifyBatchSettled(records) {
      const all = records as InputRecord[];
      const readable = all.filter((r): r is ReadRecord => 'text' in r);
      const results = readable.length ? await inner.classifyBatchSettled(readable.map((r) => ({ id: r.id, text: r.text }))) : [];
      let k = 0;
      return all.map((r) => ('text' in r ? results[k++]! : { id: r.id, error: r.error }));
    },
  };
}

/** The progress line: `tick(n)` after n more records, `end()` once done. */
interface Progress {
  tick(n: number): void;
  end(): void;
}

/** A progress line on stderr (count, rate, ETA from the bytes read), redrawn at most twice a second. */
function makeProgress(enabled: boolean, total: number | undefined, bytesRead: () => number): Progress {
  if (!enabled) return { tick: () => undefined, end: () => undefined };
  const t0 = Date.now();
  let last = 0;
  let count = 0;
  const draw = (): void => {
    const s = (Date.now() - t0) / 1000;
    const rate = count / Math.max(s, 1e-3);
    const done = bytesRead();
    const eta = total && done > 0 && done < total ? ` · ETA ${Math.ceil(((total - done) / done) * s)} s` : '';
    process.stderr.write(`\r\x1b[Ksmugglescan: ${count.toLocaleString('en')} posts · ${Math.round(rate).toLocaleString('en')}/s${eta}`);
  };
  return {
    tick(n) {
      count += n;
      if (Date.now() - last >= 500) {
        last = Date.now();
        draw();
      }
    },
    end() {
      draw();
      process.stderr.write('\n');
    },
  };
}

/** Largest thresholds file read (it holds a few numbers). */
const MAX_THRESHOLDS_BYTES = 64 * 1024;

/**
 * Reads a thresholds file: JSON `{review?, remove?, labels?}`. Checks the type and size before
 * reading (a FIFO or `/dev/zero` would be read for ever), and that the JSON is an object.
 */
export function readThresholds(path: string): ScannerOptions['thresholds'] {
  const example = 'Expected {"review": 0.5, "remove": 0.8, "labels": {"fake_documents": 0.6}}.';
  if (!existsSync(path)) throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: no file at ${path}.`);
  const st = statSync(path);
  if (!st.isFile()) throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} is not a regular file (a folder, device or pipe). Give a JSON file. ${example}`);
  if (st.size > MAX_THRESHOLDS_BYTES) throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} is ${st.size} bytes; a thresholds file is a small JSON object (at most ${MAX_THRESHOLDS_BYTES} bytes). ${example}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} is not valid JSON (${(e as Error).message}). ${example}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--thresholds: ${path} holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not an object. ${example}`);
  }
  return value as ScannerOptions['thresholds'];
}

/** Writes to stdout; `write` resolves false once the reader has gone (EPIPE). */
interface Writer {
  write(s: string): Promise<boolean>;
  closed(): boolean;
}

/** Writes a line; resolves false once the reader has gone (EPIPE). */
function makeWriter(): Writer {
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    else throw e;
  });
  return {
    closed: () => closed,
    write(s) {
      if (closed) return Promise.resolve(false);
      // Resolving on the write callback gives back-pressure: we never run ahead of the reader.
      return new Promise((resolve) => process.stdout.write(s, (err) => resolve(!err && !closed)));
    },
  };
}

/** The scanner options from the flags. */
function scannerOptionsOf(a: ClassifyArgs): ScannerOptions {
  if (a.input && !existsSync(a.input)) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--input: no file at ${a.input}.`);
  }
  if (a.input && statSync(a.input).isDirectory()) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--input: ${a.input} is a folder; give a JSONL, CSV or text file (or pipe the posts to standard input).`);
  }
  return {
    ...(a.model ? (a.modelPath ? { model: a.modelPath } : {}) : { model: false }),
    ...(a.thresholds ? { thresholds: readThresholds(a.thresholds) } : {}),
  };
}

/** Where a run stands: why it stopped reading, and what it wrote. */
interface RunState {
  interrupted: boolean;
  /** A fatal input error, thrown once the records read before it have their lines. */
  inputError: unknown;
  done: number;
  failed: number;
}

/**
 * The input records, each also put on `sent` (results come back in the same order). Stops after
 * the record in hand on Ctrl-C or a closed output; a fatal input error ends the records (those read
 * still get their lines) and is kept in `state` to be thrown after.
 */
async function* recordsOf(a: ClassifyArgs, input: Readable, sent: InputRecord[], state: RunState, stop: () => boolean): AsyncGenerator<InputRecord> {
  const format: Format = a.format ?? formatFromName(a.input) ?? 'jsonl';
  try {
    for await (const record of readRecords(input, format, { text: a.textField, id: a.idField }, a.maxLineBytes)) {
      sent.push(record);
      yield record;
      if (stop()) return;
    }
  } catch (e) {
    // A destroyed input ends the read with "premature close": that is the interrupt, not an error.
    if (!state.interrupted) state.inputError = e;
  }
}

/** The output line of one record, or its result for the table. */
function lineOf(record: InputRecord, r: SettledResult): { error: boolean; text?: string; row?: ClassificationResult } {
  if ('error' in record) return { error: true, text: JSON.stringify({ id: record.id, line: record.line, error: record.error }) + '\n' };
  if (isErrorRecord(r)) return { error: true, text: JSON.stringify({ id: record.id, line: record.line, error: r.error }) + '\n' };
  return { error: false, row: r };
}

/**
 * Classifies every record through `classifyStream` and writes the lines a batch at a time, in order.
 * Resolves to the table rows (with `--table`).
 */
async function classifyAll(a: ClassifyArgs, c: Classifier, input: Readable, state: RunState, out: Writer, progress: Progress): Promise<ClassificationResult[]> {
  // Bigger batches with a pool: it keeps the workers busy (20,000 posts with the model: 64 →
  // 1,000-1,270 posts/s, 1024 → 1,390 on two cores); the next batch is read while one is classified.
  const batchSize = a.batchSize ?? (c.workers > 1 ? POOL_BATCH : 64);
  const sent: InputRecord[] = [];
  const records = recordsOf(a, input, sent, state, () => state.interrupted || out.closed());
  // Batches are cut by count only (as many records as batchSize, or the end of the input), so the
  // model sees the same batches whatever the timing; the window is the longest classifyStream allows.
  const results = classifyStream(records, { scanner: readableOnly(c.classifier), batchSize, maxWaitMs: 60_000, concurrency: c.workers > 1 ? 2 : 1 });
  const rows: ClassificationResult[] = [];
  let text = '';
  let pending = 0;
  const flush = async (): Promise<void> => {
    progress.tick(pending);
    pending = 0;
    if (text) await out.write(text);
    text = '';
  };
  for await (const r of results) {
    const line = lineOf(sent.shift()!, r);
    state.done++;
    if (line.error) state.failed++;
    if (line.row && a.table) rows.push(line.row);
    else text += line.text ?? JSON.stringify(line.row) + '\n';
    if (++pending >= batchSize) await flush();
  }
  await flush();
  return rows;
}

export async function runClassify(a: ClassifyArgs): Promise<number> {
  const c = await makeClassifier(a, scannerOptionsOf(a));
  const input = a.input ? createReadStream(a.input) : process.stdin;
  const progress = makeProgress(
    !a.quiet && process.stderr.isTTY === true,
    a.input ? statSync(a.input).size : undefined,
    () => (input as { bytesRead?: number }).bytesRead ?? 0,
  );
  const out = makeWriter();
  const state: RunState = { interrupted: false, inputError: undefined, done: 0, failed: 0 };
  const onSigint = (): void => {
    // End the input, even a read that is waiting on stdin; what was read is still classified and written.
    state.interrupted = true;
    input.destroy();
  };
  process.on('SIGINT', onSigint);
  let rows: ClassificationResult[];
  try {
    rows = await classifyAll(a, c, input, state, out, progress);
  } finally {
    process.off('SIGINT', onSigint);
    if (state.interrupted || out.closed()) input.destroy();
    progress.end();
  }
  if (state.inputError !== undefined) throw state.inputError;
  if (a.table && !out.closed()) await out.write(renderTable(rows, (await c.classifier.ready()) !== null));
  await c.close();
  if (state.interrupted) {
    process.stderr.write(`smugglescan: interrupted after ${state.done} record(s); their results were written.\n`);
    return 130;
  }
  if (state.failed) process.stderr.write(`smugglescan: ${state.failed} of ${state.done} record(s) could not be classified (see their "error" lines).\n`);
  return state.failed ? 2 : 0;
}

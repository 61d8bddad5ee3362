/**
 * `smugglescan cluster`: reads posts (`id`, `text`, optional `author` and `time`; JSONL or CSV),
 * classifies them, clusters those at or above `--min-risk` into campaigns, and prints one JSON
 * line per campaign of two or more posts, largest first. A record that cannot be read gives an
 * error line first (`{"id", "line", "error"}`) and the exit code 2. `--out DIR` also writes
 * `clusters.jsonl` (each campaign with its evidence) and `report.html`.
 * @module
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClusterer } from '../cluster/clusterer.js';
import type { Cluster } from '../cluster/types.js';
import { renderClusterReport, type ReportPost } from '../cluster/report.js';
import { isErrorRecord, reviveError } from '../adapters/common.js';
import { classifyStream } from '../adapters/stream.js';
import { SmuggleScanError } from '../errors.js';
import { createScanner } from '../scanner.js';
import { LABELS } from '../taxonomy.js';
import { intOption } from './args.js';
import { DEFAULT_MAX_LINE_BYTES, FORMATS, formatFromName, readRecords, type Format, type InputRecord } from './records.js';

const HELP = `smugglescan cluster: group adverts into campaigns (shared phones, handles, links, payment
handles, and near-duplicate templates), with the evidence for every link.

Usage: smugglescan cluster --input FILE [--min-risk R] [--out DIR] [--no-model]

  --input FILE        posts, JSONL or CSV: id, text, optional author and time
  --format jsonl|csv  default: from the file extension
  --text-field NAME, --id-field NAME   (defaults: text, id)
  --min-risk R        cluster posts whose advert risk is at least R (default 0.5; 0 clusters all)
  --out DIR           also write DIR/clusters.jsonl (with evidence) and DIR/report.html
  --no-model          rules only (no transformer)
  --model DIR         another model folder
  --batch-size N      posts per classification batch (default 64)

Output: one line per campaign of two or more posts, largest first:
  {"cluster","posts":[ids],"size","links":{"phones","handles","urls","payments","templates"},
   "languages","risk":{"max","mean"},"labels"}
Exit codes: 0 done, 2 some records could not be read, 1 usage or setup error.
`;

type Values = ReturnType<typeof parseValues>;

/** Parses the flags (strictly: an unknown one is a usage error). */
function parseValues(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      input: { type: 'string' },
      format: { type: 'string' },
      'text-field': { type: 'string', default: 'text' },
      'id-field': { type: 'string', default: 'id' },
      'min-risk': { type: 'string', default: '0.5' },
      out: { type: 'string' },
      'no-model': { type: 'boolean', default: false },
      model: { type: 'string' },
      'batch-size': { type: 'string' },
      'max-line-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}

/** The checked settings of a run. */
interface Settings {
  input: string;
  format: Format;
  minRisk: number;
  batchSize: number;
  maxLineBytes: number;
}

function settingsOf(values: Values): Settings {
  if (!values.input) throw new SmuggleScanError('INVALID_OPTIONS', '--input FILE is required: the posts to cluster (JSONL or CSV with id and text).');
  if (!existsSync(values.input) || statSync(values.input).isDirectory()) throw new SmuggleScanError('INVALID_OPTIONS', `--input: no file at ${values.input}.`);
  if (values.format && !(FORMATS as readonly string[]).includes(values.format)) throw new SmuggleScanError('INVALID_OPTIONS', `--format must be one of ${FORMATS.join(', ')} (got "${values.format}").`);
  const minRisk = Number(values['min-risk']);
  if (!/^\s*\d*\.?\d+\s*$/.test(values['min-risk']) || !(minRisk >= 0 && minRisk <= 1)) throw new SmuggleScanError('INVALID_OPTIONS', `--min-risk must be a number from 0 to 1 (got "${values['min-risk']}").`);
  return {
    input: values.input,
    format: (values.format as Format | undefined) ?? formatFromName(values.input) ?? 'jsonl',
    minRisk,
    batchSize: intOption('--batch-size', values['batch-size'], 1, 4096, 64),
    maxLineBytes: intOption('--max-line-bytes', values['max-line-bytes'], 16, 256 * 1024 * 1024, DEFAULT_MAX_LINE_BYTES),
  };
}

type ReadRecord = Extract<InputRecord, { text: string }>;
type KeptPost = { id: string; text: string; author: string | null; time: string | number | null; language: string; risk: number; labels: string[] };

/** What reading gave: error lines for the records that cannot be clustered, and their count. */
interface ReadLog {
  errors: string;
  failed: number;
  total: number;
}

/** The records that can be clustered (each also put on `sent`); the others become error lines in `log`. */
async function* clusterable(values: Values, s: Settings, sent: ReadRecord[], log: ReadLog): AsyncGenerator<ReadRecord> {
  const seen = new Set<string>();
  for await (const rec of readRecords(createReadStream(s.input), s.format, { text: values['text-field'], id: values['id-field'] }, s.maxLineBytes)) {
    log.total++;
    let bad: { code: string; message: string } | undefined;
    if ('error' in rec) bad = rec.error;
    else if (rec.id === null) bad = { code: 'INVALID_INPUT', message: `line ${rec.line}: no "${values['id-field']}": clustering reports posts by id; give every post one, or set --id-field` };
    else if (seen.has(rec.id)) bad = { code: 'INVALID_INPUT', message: `line ${rec.line}: id "${rec.id}" appears twice; give every post its own id` };
    if (bad) {
      log.failed++;
      log.errors += JSON.stringify({ id: rec.id, line: rec.line, error: bad }) + '\n';
      continue;
    }
    const good = rec as ReadRecord;
    seen.add(good.id!);
    sent.push(good);
    yield good;
  }
}

/** Classifies the clusterable posts (in batches of `batchSize`) and keeps those at or above `minRisk`. */
async function keptPosts(values: Values, s: Settings, log: ReadLog): Promise<KeptPost[]> {
  const scanner = createScanner({ model: values['no-model'] ? false : (values.model ?? undefined) });
  const sent: ReadRecord[] = [];
  const posts = (async function* () {
    for await (const r of clusterable(values, s, sent, log)) yield { id: r.id, text: r.text };
  })();
  const kept: KeptPost[] = [];
  const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
  // Batches cut by count only, so the model sees the same batches whatever the timing.
  for await (const res of classifyStream(posts, { scanner, batchSize: s.batchSize, maxWaitMs: 60_000, concurrency: 1 })) {
    const r = sent.shift()!;
    if (isErrorRecord(res)) throw reviveError(res.error);
    if (res.risk < s.minRisk) continue;
    const time = r.raw.time;
    kept.push({ id: r.id!, text: r.text, author: str(r.raw.author), time: typeof time === 'number' ? time : str(time), language: res.language.code, risk: res.risk, labels: LABELS.filter((l) => res.labels[l] >= 0.5) });
  }
  return kept;
}

/** Writes DIR/clusters.jsonl (with evidence) and DIR/report.html. */
async function writeReport(dir: string, clusters: Cluster[], kept: KeptPost[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'clusters.jsonl'), clusters.map((c) => JSON.stringify(c)).join('\n') + (clusters.length ? '\n' : ''));
  const posts = new Map<string, ReportPost>(kept.map((p) => [p.id, p]));
  await writeFile(join(dir, 'report.html'), renderClusterReport(clusters, posts, { totalPosts: kept.length }));
}

/**
 * Runs the subcommand; resolves to the exit code.
 * @example process.exitCode = await run(['--input', 'posts.jsonl', '--min-risk', '0.5']);
 */
export async function run(args: string[]): Promise<number> {
  const values = parseValues(args);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const s = settingsOf(values);
  const log: ReadLog = { errors: '', failed: 0, total: 0 };
  const kept = await keptPosts(values, s, log);
  const clusterer = createClusterer();
  clusterer.addAll(kept);
  const clusters = clusterer.clusters({ minSize: 2 });
  let out = log.errors;
  for (const { evidence: _evidence, ...summary } of clusters) out += JSON.stringify(summary) + '\n';
  process.stdout.write(out);
  if (values.out) await writeReport(values.out, clusters, kept);
  process.stderr.write(`smugglescan: ${log.total} record(s), ${kept.length} at or above risk ${s.minRisk} clustered, ${clusters.length} campaign(s) of two or more${log.failed ? `, ${log.failed} record(s) could not be read (see their "error" lines)` : ''}.\n`);
  return log.failed ? 2 : 0;
}

/**
 * `smugglescan bench`: evaluate on labelled posts, print the headline table on stdout, and write
 * metrics.json, report.md and report.html. A progress bar goes to stderr on a terminal only (not
 * in pipes, not when `CI` is set). Exits 0 when the report was written (skipped rows are counted
 * in it and named on stderr), 1 on a usage or data error.
 * @module
 */
import { parseArgs } from 'node:util';
import { BENCH_FORMATS, runBench, type BenchFormat, type Progress } from '../bench/index.js';
import { renderHeadline } from '../bench/report.js';
import { readThresholds } from './classify.js';

/**
 * The text of `smugglescan bench --help`.
 * @example process.stdout.write(BENCH_HELP)
 */
export const BENCH_HELP = `smugglescan bench: evaluate smugglescan on your labelled posts and write a report

Usage:
  smugglescan bench --data FILE [options]

Data:
  --data FILE            labelled posts, JSONL or CSV (quoting and BOM handled)
  --format jsonl|csv     default: from the file extension, else jsonl
  --text-field NAME      the post (default: text)
  --label-field NAME     binary advert label: true/false, 1/0, yes/no (default: advert)
  --labels-field NAME    multi-labels: a JSON array, or names split by , ; or | (default: labels)
                         Either label column is enough; with labels only, a post is an advert
                         when it carries a primary label.
  --lang-field NAME      gold language, ISO 639-3 or 639-1 (default: lang; optional)
  --id-field NAME        record id (default: id; optional)
  --kind-field NAME      post kind: advert, news, warning, chatter... (default: kind; optional)
  --source-field NAME    where the text comes from, for flags per source (default: source; optional)
  --stratum-field NAME   stratum of ordinary posts, e.g. everyday or promo (default: stratum;
                         optional; without it, kind promotion is promo and the rest everyday)
  --open-world           the file is ordinary real text with no label column: every row is a
                         negative and an ordinary post (a row labelled advert is skipped)
  --limit N              use the first N usable rows

Open world:
  Flags per 10,000 ordinary posts (negatives of an everyday kind or none, and open-world rows)
  are reported overall, per language, per source and per stratum.
  --prevalence P         expected precision when adverts are a share P of posts: 0.001, 1e-4 or
                         1/1000; repeat it or separate by commas (default: 1/1000 and 1/10000)

Systems:
  --no-model             rules only (fused = rules; "model only" is skipped)
  --model DIR            use this model folder (default: the shipped model, when present)
  --thresholds FILE      JSON {"review": 0.5, "remove": 0.8, "labels": {...}}; review is the
                         advert threshold for precision, recall and F1

Output:
  --out DIR              where to write metrics.json, report.md, report.html (default: bench-out)

Rows that cannot be used are named on stderr with their line number, skipped, and counted in the
report. Exit codes: 0 report written, 1 usage or data error (e.g. no usable row).
`;

/**
 * Reads `--prevalence` values: each a number in (0, 1) written as `0.001`, `1e-4` or `1/1000`;
 * a value may hold several, separated by commas. Duplicates are dropped, order kept.
 * @example parsePrevalences(['0.001,1/10000']) // [0.001, 0.0001]
 */
export function parsePrevalences(values: readonly string[]): number[] | { error: string } {
  const out: number[] = [];
  for (const item of values.flatMap((v) => v.split(','))) {
    const v = item.trim();
    const frac = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(v);
    const p = frac ? Number(frac[1]) / Number(frac[2]) : v === '' ? NaN : Number(v);
    if (!(Number.isFinite(p) && p > 0 && p < 1)) {
      return { error: `--prevalence must be a share of posts between 0 and 1, exclusive, like 0.001 or 1/1000 (got ${JSON.stringify(item)}).` };
    }
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** Control characters (C0, DEL, C1) as `\xNN`: data shown on a terminal must not drive it. */
const termSafe = (s: string): string => s.replace(/\p{Cc}/gu, (c) => `\\x${c.codePointAt(0)!.toString(16).padStart(2, '0')}`);

function fail(message: string): number {
  process.stderr.write(`smugglescan bench: ${message}\nRun "smugglescan bench --help" for usage.\n`);
  return 1;
}

/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
function progressBar(): { update(p: Progress): void; clear(): void } {
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      const frac = p.total ? p.done / p.total : 0;
      const cols = 28;
      const full = Math.round(frac * cols);
      process.stderr.write(`\r\x1b[K[${'█'.repeat(full)}${'░'.repeat(cols - full)}] ${String(Math.round(frac * 100)).padStart(3)}% ${p.phase} ${p.done}/${p.total}`);
      drawn = true;
    },
    clear() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * Runs `smugglescan bench` with its arguments; resolves to the exit code.
 * @example process.exitCode = await run(['--data', 'labelled.jsonl', '--no-model'])
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      data: { type: 'string' },
      format: { type: 'string' },
      'text-field': { type: 'string', default: 'text' },
      'label-field': { type: 'string', default: 'advert' },
      'labels-field': { type: 'string', default: 'labels' },
      'lang-field': { type: 'string', default: 'lang' },
      'id-field': { type: 'string', default: 'id' },
      'kind-field': { type: 'string', default: 'kind' },
      'source-field': { type: 'string', default: 'source' },
      'stratum-field': { type: 'string', default: 'stratum' },
      'open-world': { type: 'boolean', default: false },
      prevalence: { type: 'string', multiple: true },
      out: { type: 'string', default: 'bench-out' },
      'no-model': { type: 'boolean', default: false },
      model: { type: 'string' },
      thresholds: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  if (!values.data) return fail('--data FILE is required (a JSONL or CSV file of labelled posts).');
  if (values.format && !(BENCH_FORMATS as readonly string[]).includes(values.format)) {
    return fail(`--format must be one of ${BENCH_FORMATS.join(', ')} (got "${values.format}").`);
  }
  if (values['no-model'] && values.model) return fail('--no-model and --model cannot be used together.');
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) return fail(`--limit must be a positive integer (got "${values.limit}").`);
  }
  let prevalences: number[] | undefined;
  if (values.prevalence?.length) {
    const parsed = parsePrevalences(values.prevalence);
    if ('error' in parsed) return fail(parsed.error);
    prevalences = parsed;
  }
  const bar = process.stderr.isTTY && !process.env.CI ? progressBar() : null;
  let result;
  try {
    result = await runBench({
      data: values.data,
      ...(values.format ? { format: values.format as BenchFormat } : {}),
      fields: {
        text: values['text-field'],
        label: values['label-field'],
        labels: values['labels-field'],
        lang: values['lang-field'],
        id: values['id-field'],
        kind: values['kind-field'],
        source: values['source-field'],
        stratum: values['stratum-field'],
      },
      ...(values['open-world'] ? { openWorld: true } : {}),
      ...(prevalences ? { prevalences } : {}),
      ...(limit !== undefined ? { limit } : {}),
      out: values.out,
      model: values['no-model'] ? false : (values.model ?? undefined),
      ...(values.thresholds ? { thresholds: readThresholds(values.thresholds) } : {}),
      ...(bar ? { onProgress: (p: Progress) => bar.update(p) } : {}),
    });
  } finally {
    bar?.clear();
  }
  const { metrics, data, files } = result;
  for (const b of data.badRows.slice(0, 20)) process.stderr.write(`smugglescan bench: skipped ${termSafe(b.message)}\n`);
  if (data.badRows.length > 20) process.stderr.write(`smugglescan bench: ... and ${data.badRows.length - 20} more skipped row(s)\n`);
  process.stdout.write(renderHeadline(metrics));
  if (files) process.stdout.write(`report: ${files.html} · ${files.markdown} · ${files.json}\n`);
  return 0;
}

/**
 * Reading labelled posts for the benchmark: JSONL or CSV (via the CLI's `readRecords`), a binary
 * advert label, multi-labels, or both, and optional language, kind, source, stratum and id columns.
 * With `openWorld`, a file of ordinary text needs no label column: every row is a negative. A row
 * that cannot be used is reported with its line number and skipped; a file with no usable row is
 * an `INVALID_DATA` error that says which column to set.
 * @module
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { SmuggleScanError } from '../errors.js';
import { LABELS, LANGUAGES, LANGUAGE_ALIASES, PRIMARY_LABELS, type Label } from '../taxonomy.js';
import { formatFromName, readRecords } from '../cli/records.js';

/** One labelled post, ready to evaluate. */
export interface BenchRecord {
  /** 1-based line of the file (for CSV, the line where the record ends). */
  line: number;
  id: string | null;
  text: string;
  /** Whether the post is an advert: the binary column, or derived from the labels. */
  advert: boolean;
  /** The gold labels, or null when the data has no labels column. */
  labels: Label[] | null;
  /** The gold language (ISO 639-3 where recognised), or null. */
  lang: string | null;
  /** The post kind (`advert`, `news`, `warning`, ...), or null. */
  kind: string | null;
  /** Where the text comes from (a corpus, a site, a package), or null. */
  source?: string | null;
  /** The stratum of an ordinary post (`everyday`, `promo`, ...), or null. */
  stratum?: string | null;
  /** True when the row comes from an open-world file (read with `openWorld`): an ordinary post. */
  openWorld?: boolean;
}

/** A row that was skipped, and why. */
export interface BadRow {
  line: number;
  id: string | null;
  message: string;
}

/** Column names in the data file. */
export interface BenchFields {
  /** The post (default `text`). */
  text: string;
  /** Binary advert label: true/false, 1/0, yes/no (default `advert`). */
  label: string;
  /** Multi-labels: a JSON array or a string split on `,` `;` `|` (default `labels`). */
  labels: string;
  /** Gold language (default `lang`). */
  lang: string;
  /** Record id (default `id`). */
  id: string;
  /** Post kind (default `kind`). */
  kind: string;
  /** Source of the text, for flags per source (default `source`). */
  source: string;
  /** Stratum of an ordinary post, e.g. `everyday` or `promo` (default `stratum`). */
  stratum: string;
}

/**
 * Default column names.
 * @example readLabelled(file, { fields: { ...DEFAULT_FIELDS, text: 'body' } })
 */
export const DEFAULT_FIELDS: BenchFields = { text: 'text', label: 'advert', labels: 'labels', lang: 'lang', id: 'id', kind: 'kind', source: 'source', stratum: 'stratum' };

/**
 * Data formats the benchmark reads (plain text has no labels).
 * @example BENCH_FORMATS.includes(format)
 */
export const BENCH_FORMATS = ['jsonl', 'csv'] as const;
/** One of {@link BENCH_FORMATS}. */
export type BenchFormat = (typeof BENCH_FORMATS)[number];

/** What was read from a data file. */
export interface LabelledData {
  format: BenchFormat;
  records: BenchRecord[];
  badRows: BadRow[];
  /** Rows read, good and bad (before `limit` stopped reading). */
  rowsRead: number;
  /** Which optional columns the data has. */
  columns: { binary: boolean; labels: boolean; lang: boolean; kind: boolean; source: boolean; stratum: boolean };
  /** True when read with `openWorld`: every row is an ordinary post (a negative). */
  openWorld: boolean;
  /** True when `advert` was derived from the labels (no binary column). */
  advertFromLabels: boolean;
  /** Gold language values that are not one of the 19 codes (they cannot be identified correctly). */
  unknownLanguages: string[];
}

/** Options of {@link readLabelled}. */
export interface ReadLabelledOptions {
  /** Default: from the file extension, else jsonl. */
  format?: BenchFormat;
  fields?: Partial<BenchFields>;
  /** Stop after this many usable rows. */
  limit?: number;
  /**
   * The file holds open-world text (real posts that are not adverts): no label column is needed,
   * every row is a negative and an ordinary post. A row whose label says advert is a bad row.
   */
  openWorld?: boolean;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f']);

/**
 * Reads a binary label: booleans, 1/0, and the strings true/false, 1/0, yes/no (any case).
 * Returns an error message for anything else.
 * @example parseBinaryLabel('Yes') // true; parseBinaryLabel('maybe') // { error: '...' }
 */
export function parseBinaryLabel(value: unknown): boolean | { error: string } {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v) || v === '1.0') return true;
    if (FALSE.has(v) || v === '0.0') return false;
  }
  const shown = value === undefined ? 'it is missing' : `got ${JSON.stringify(value)}`;
  return { error: `expected true/false, 1/0 or yes/no (${shown})` };
}

const LABEL_SET = new Set<string>(LABELS);

/**
 * Reads multi-labels: a JSON array of names, a string holding a JSON array, or a string split on
 * `,` `;` or `|`. Names are trimmed and lowercased, spaces and hyphens become underscores;
 * duplicates are dropped. An empty string or array means no labels.
 * @example parseLabelList('crossing_offer | contact-handoff') // ['crossing_offer', 'contact_handoff']
 */
export function parseLabelList(value: unknown): Label[] | { error: string } {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    const v = value.trim();
    if (v.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(v);
        if (!Array.isArray(parsed)) return { error: `not a JSON array (${v.slice(0, 40)})` };
        items = parsed;
      } catch {
        return { error: `looks like a JSON array but does not parse (${v.slice(0, 40)})` };
      }
    } else items = v === '' ? [] : v.split(/[,;|]/);
  } else {
    return { error: `expected a JSON array or a string like "crossing_offer|contact_handoff" (${value === undefined ? 'it is missing' : `got ${JSON.stringify(value)}`})` };
  }
  const out: Label[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return { error: `label ${JSON.stringify(item)} is not a string` };
    const name = item.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (name === '') continue;
    if (!LABEL_SET.has(name)) return { error: `unknown label "${item.trim()}" (known: ${LABELS.join(', ')})` };
    if (!out.includes(name as Label)) out.push(name as Label);
  }
  return out;
}

/**
 * Maps a gold language value to the code the language stage would report: 639-3 codes as they
 * are, the aliases of `LANGUAGE_INFO` (639-1 `en`, `fa`, ...) to 639-3; anything else is kept,
 * lowercased.
 * @example normalizeLanguage('FA') // 'pes'
 */
export function normalizeLanguage(value: string): string {
  const v = value.trim().toLowerCase();
  return LANGUAGE_ALIASES.get(v) ?? v;
}

const primary = new Set<string>(PRIMARY_LABELS);

const present = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A row with a usable text, before its labels are read. */
interface RawRow {
  line: number;
  id: string | null;
  text: string;
  raw: Record<string, unknown>;
}

/** The rows read, up to `limit` with a non-empty text, and which label columns any of them has. */
interface ReadRows {
  rows: RawRow[];
  badRows: BadRow[];
  rowsRead: number;
  binary: boolean;
  labels: boolean;
}

/** Reads until `limit` rows could be usable; which columns exist is decided over what was read. */
async function readRows(input: Readable, format: BenchFormat, f: BenchFields, limit: number): Promise<ReadRows> {
  const rows: RawRow[] = [];
  const badRows: BadRow[] = [];
  let rowsRead = 0;
  let binary = false;
  let labels = false;
  for await (const rec of readRecords(input, format, { text: f.text, id: f.id })) {
    rowsRead++;
    if ('error' in rec) {
      badRows.push({ line: rec.line, id: rec.id, message: rec.error.message });
      continue;
    }
    if (rec.text.trim() === '') {
      badRows.push({ line: rec.line, id: rec.id, message: `line ${rec.line}: field "${f.text}" is empty` });
      continue;
    }
    binary ||= rec.raw[f.label] !== undefined;
    labels ||= rec.raw[f.labels] !== undefined;
    rows.push(rec);
    if (rows.length >= limit) break;
  }
  return { rows, badRows, rowsRead, binary, labels };
}

/** The error for a file where no row has a label column (and it is not open-world). */
function noLabelColumn(rows: readonly RawRow[], f: BenchFields): SmuggleScanError {
  const seen = new Set<string>();
  for (const r of rows.slice(0, 50)) for (const k of Object.keys(r.raw)) seen.add(k);
  return new SmuggleScanError(
    'INVALID_DATA',
    `No label column: no row has "${f.label}" (binary: true/false, 1/0, yes/no) or "${f.labels}" (multi-labels). ` +
      `Set --label-field or --labels-field to the column that holds the truth, or pass --open-world for a file of ordinary text (every row a negative)${seen.size ? ` (columns seen: ${[...seen].join(', ')})` : ''}.`,
  );
}

/** Which label columns the file has, and whether it is open-world. */
interface LabelColumns {
  binary: boolean;
  labels: boolean;
  openWorld: boolean;
}

/** One row as a record, or the problems that make it unusable. */
function toRecord(r: RawRow, f: BenchFields, cols: LabelColumns): BenchRecord | { problems: string[] } {
  const { binary, labels, openWorld } = cols;
  const problems: string[] = [];
  let advert: boolean | null = null;
  let gold: Label[] | null = null;
  // In an open-world file a label may be absent (the row is a negative) but not wrong.
  if (binary && !(openWorld && !present(r.raw[f.label]))) {
    const b = parseBinaryLabel(r.raw[f.label]);
    if (typeof b === 'boolean') advert = b;
    else problems.push(`field "${f.label}": ${b.error}`);
  }
  if (labels && !(openWorld && r.raw[f.labels] === undefined)) {
    const l = parseLabelList(r.raw[f.labels]);
    if (Array.isArray(l)) gold = l;
    else problems.push(`field "${f.labels}": ${l.error}`);
  }
  if (openWorld && (advert === true || (advert === null && gold?.some((l) => primary.has(l))))) {
    problems.push(`--open-world: every row must be a negative, but this one is labelled an advert`);
  }
  if (problems.length) return { problems };
  const rawLang = r.raw[f.lang];
  const rawKind = r.raw[f.kind];
  const rawSource = r.raw[f.source];
  const rawStratum = r.raw[f.stratum];
  return {
    line: r.line,
    id: r.id,
    text: r.text,
    advert: advert ?? (gold ? gold.some((l) => primary.has(l)) : false),
    labels: gold,
    lang: present(rawLang) ? normalizeLanguage(String(rawLang)) : null,
    kind: present(rawKind) ? String(rawKind).trim().toLowerCase() : null,
    source: present(rawSource) ? String(rawSource).trim() : null,
    stratum: present(rawStratum) ? String(rawStratum).trim().toLowerCase() : null,
    openWorld,
  };
}

/** The error for a file with no usable row: the first bad rows, and the columns to set. */
function noUsableRow(rowsRead: number, badRows: readonly BadRow[], f: BenchFields, openWorld: boolean): SmuggleScanError {
  const first = badRows.slice(0, 5).map((b) => `  - ${b.message}`).join('\n');
  return new SmuggleScanError(
    'INVALID_DATA',
    `No usable row: ${rowsRead} row(s) read, ${badRows.length} bad.${first ? `\n${first}` : ''}\n` +
      `Each row needs a non-empty "${f.text}"${openWorld ? '' : ` and a label ("${f.label}" and/or "${f.labels}")`}; set --text-field, --label-field or --labels-field.`,
    badRows.slice(0, 50).map((b) => ({ code: 'INVALID_DATA' as const, path: [b.line], message: b.message })),
  );
}

/**
 * Reads labelled posts from a stream. See {@link readLabelled} for files.
 * @example const data = await readLabelledStream(Readable.from(['{"text":"hi","advert":0}\n']), 'jsonl');
 */
export async function readLabelledStream(input: Readable, format: BenchFormat, options: Omit<ReadLabelledOptions, 'format'> = {}): Promise<LabelledData> {
  const f: BenchFields = { ...DEFAULT_FIELDS, ...options.fields };
  const openWorld = options.openWorld === true;
  const { rows, badRows, rowsRead, binary, labels } = await readRows(input, format, f, options.limit ?? Infinity);
  if (!binary && !labels && !openWorld) throw noLabelColumn(rows, f);
  const records: BenchRecord[] = [];
  for (const r of rows) {
    const rec = toRecord(r, f, { binary, labels, openWorld });
    if ('problems' in rec) badRows.push({ line: r.line, id: r.id, message: `line ${r.line}: ${rec.problems.join('; ')}` });
    else records.push(rec);
  }
  badRows.sort((a, b) => a.line - b.line);
  if (!records.length) throw noUsableRow(rowsRead, badRows, f, openWorld);
  const has = (key: 'lang' | 'kind' | 'source' | 'stratum'): boolean => records.some((r) => r[key] !== null);
  // Gold languages that are not one of the 19 codes (they cannot be identified correctly).
  const unknown = new Set(records.flatMap((r) => (r.lang && r.lang !== 'und' && !(LANGUAGES as readonly string[]).includes(r.lang) ? [r.lang] : [])));
  return {
    format,
    records,
    badRows,
    rowsRead,
    columns: { binary, labels, lang: has('lang'), kind: has('kind'), source: has('source'), stratum: has('stratum') },
    openWorld,
    advertFromLabels: !binary && labels,
    unknownLanguages: [...unknown].sort(),
  };
}


/**
 * Reads labelled posts from a JSONL or CSV file.
 * @example const data = await readLabelled('tests/fixtures/bench/labelled.jsonl'); data.records.length
 */
export async function readLabelled(file: string, options: ReadLabelledOptions = {}): Promise<LabelledData> {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new SmuggleScanError('INVALID_OPTIONS', `--data: no file at ${file}.`);
  }
  const guessed = formatFromName(file);
  const format: BenchFormat = options.format ?? (guessed === 'csv' ? 'csv' : 'jsonl');
  return readLabelledStream(createReadStream(file), format, options);
}

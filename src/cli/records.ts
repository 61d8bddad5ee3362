/**
 * Reading input records for the CLI (classify, bench): JSONL, CSV (quoting and BOM, via csv-parse)
 * or plain text, one record per line, streamed, each with its line number. A record that cannot be
 * read is yielded as an error record; reading goes on.
 * @module
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { SmuggleScanError } from '../errors.js';

/** Input formats. */
export const FORMATS = ['jsonl', 'csv', 'text'] as const;
export type Format = (typeof FORMATS)[number];

/** Field names to read. */
export interface FieldNames {
  text: string;
  id: string;
}

/** The longest input line (or CSV record) read by default: 1 MiB. A longer one is that record's error. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** A record read from input: its text, or why it could not be read. */
export type InputRecord =
  | { line: number; id: string | null; text: string; raw: Record<string, unknown> }
  | { line: number; id: string | null; error: { code: 'INVALID_INPUT'; message: string } };

/** Picks a format from a file name; `undefined` when the name says nothing. */
export function formatFromName(name: string | undefined): Format | undefined {
  if (!name) return undefined;
  if (/\.jsonl$|\.ndjson$|\.json$/i.test(name)) return 'jsonl';
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.txt$/i.test(name)) return 'text';
  return undefined;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function fromObject(obj: Record<string, unknown>, line: number, fields: FieldNames): InputRecord {
  const rawId = obj[fields.id];
  // Only strings and numbers: anything else is this record's error, never String()-ed (a
  // 100,000-deep array overflows the stack there).
  if (rawId !== undefined && rawId !== null && typeof rawId !== 'string' && typeof rawId !== 'number') {
    return { line, id: null, error: { code: 'INVALID_INPUT', message: `line ${line}: field "${fields.id}" must be a string or a number (got ${kindOf(rawId)}); send ids as strings, or set --id-field to the field that holds the id` } };
  }
  const id = rawId === undefined || rawId === null || rawId === '' ? null : String(rawId);
  const text = obj[fields.text];
  if (typeof text !== 'string') {
    const got = text === undefined ? 'it is missing' : `got ${kindOf(text)}`;
    return { line, id, error: { code: 'INVALID_INPUT', message: `line ${line}: field "${fields.text}" must be a string (${got}); set --text-field to the column that holds the post` } };
  }
  return { line, id, text, raw: obj };
}

/**
 * Splits a byte stream into lines (`\n`, with a trailing `\r` dropped), holding at most
 * `maxBytes` of one line: the rest of a longer line is skipped, not buffered, and the line is
 * reported as `{tooLong: bytes}`. (readline would buffer `/dev/zero` until "Invalid string length".)
 * @example for await (const l of splitLines(process.stdin, 1 << 20)) if ('text' in l) console.log(l.text);
 */
export async function* splitLines(input: Readable, maxBytes: number): AsyncGenerator<{ text: string } | { tooLong: number }> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipped = -1; // bytes of the line being skipped, or -1 when not skipping
  const take = (): string => {
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)).toString('utf8');
    parts = [];
    size = 0;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      const piece = end - start;
      if (skipped >= 0) skipped += piece;
      else if (size + piece > maxBytes) {
        skipped = size + piece;
        parts = [];
        size = 0;
      } else if (nl !== -1 && !size) {
        // The common case, a whole line inside one chunk: decode it in place.
        const text = buf.toString('utf8', start, end);
        yield { text: text.endsWith('\r') ? text.slice(0, -1) : text };
        start = nl + 1;
        continue;
      } else if (piece) {
        // A copy: a slice would keep the whole chunk alive for as long as the line is held.
        parts.push(Buffer.from(buf.subarray(start, end)));
        size += piece;
      }
      if (nl === -1) break;
      if (skipped >= 0) {
        yield { tooLong: skipped };
        skipped = -1;
      } else yield { text: take() };
      start = nl + 1;
    }
  }
  if (skipped >= 0) yield { tooLong: skipped };
  else if (size) yield { text: take() };
}

/**
 * Streams records from `input`.
 * @example for await (const r of readRecords(fs.createReadStream('posts.jsonl'), 'jsonl', { text: 'text', id: 'id' })) ...
 */
export async function* readRecords(input: Readable, format: Format, fields: FieldNames, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<InputRecord> {
  if (format === 'csv') {
    const parser = input.pipe(
      parse({ columns: true, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: false, max_record_size: maxLineBytes }),
    );
    let checkedHeader = false;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
        if (!checkedHeader) {
          checkedHeader = true;
          if (!(fields.text in record)) {
            throw new SmuggleScanError('INVALID_INPUT', `The CSV has no column "${fields.text}" (columns: ${Object.keys(record).join(', ')}). Set --text-field to the column that holds the post.`);
          }
        }
        yield fromObject(record, info.lines, fields);
      }
    } catch (e) {
      if (e instanceof SmuggleScanError) throw e;
      const tooLong = (e as { code?: string }).code === 'CSV_MAX_RECORD_SIZE' ? ` A record is longer than ${maxLineBytes} bytes: raise --max-line-bytes, or split the post.` : '';
      throw new SmuggleScanError('INVALID_INPUT', `The CSV could not be parsed: ${(e as Error).message}.${tooLong}`);
    }
    return;
  }
  let line = 0;
  for await (const l of splitLines(input, maxLineBytes)) {
    line++;
    if ('tooLong' in l) {
      yield { line, id: null, error: { code: 'INVALID_INPUT', message: `line ${line}: ${l.tooLong} bytes, over the limit of ${maxLineBytes} bytes per line; split the post, or raise --max-line-bytes` } };
      continue;
    }
    const text = line === 1 ? l.text.replace(/^\uFEFF/, '') : l.text;
    if (format === 'text') {
      if (text.trim() === '') continue;
      yield { line, id: null, text, raw: {} };
      continue;
    }
    if (text.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      yield { line, id: null, error: { code: 'INVALID_INPUT', message: `line ${line}: not valid JSON (${(e as Error).message})` } };
      continue;
    }
    if (typeof obj === 'string') {
      yield { line, id: null, text: obj, raw: {} };
    } else if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      yield { line, id: null, error: { code: 'INVALID_INPUT', message: `line ${line}: expected a JSON object with a "${fields.text}" field` } };
    } else {
      yield fromObject(obj as Record<string, unknown>, line, fields);
    }
  }
}

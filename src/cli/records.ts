/**
 * Reading input records for the CLI (classify, bench): JSONL, CSV (quoting and BOM, via csv-parse)
 * or plain text, one record per line, streamed, each with its line number. A record that cannot be
 * read is yielded as an error record; reading goes on.
 * @module
 */
import { createInterface } from 'node:readline';
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

function idOf(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

function fromObject(obj: Record<string, unknown>, line: number, fields: FieldNames): InputRecord {
  const id = idOf(obj[fields.id]);
  const text = obj[fields.text];
  if (typeof text !== 'string') {
    const got = text === undefined ? 'it is missing' : `got ${text === null ? 'null' : typeof text}`;
    return { line, id, error: { code: 'INVALID_INPUT', message: `line ${line}: field "${fields.text}" must be a string (${got}); set --text-field to the column that holds the post` } };
  }
  return { line, id, text, raw: obj };
}

/**
 * Streams records from `input`.
 * @example for await (const r of readRecords(fs.createReadStream('posts.jsonl'), 'jsonl', { text: 'text', id: 'id' })) ...
 */
export async function* readRecords(input: Readable, format: Format, fields: FieldNames): AsyncGenerator<InputRecord> {
  if (format === 'csv') {
    const parser = input.pipe(
      parse({ columns: true, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: false }),
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
      throw new SmuggleScanError('INVALID_INPUT', `The CSV could not be parsed: ${(e as Error).message}`);
    }
    return;
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const rawLine of lines) {
    line++;
    const text = line === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
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

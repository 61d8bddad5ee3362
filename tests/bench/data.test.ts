import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { normalizeLanguage, parseBinaryLabel, parseLabelList, readLabelled, readLabelledStream } from '../../src/bench/data.js';
import { SmuggleScanError } from '../../src/errors.js';

const stream = (s: string): Readable => Readable.from([s]);
const FIXTURE = join(__dirname, '..', 'fixtures', 'bench', 'labelled.jsonl');

describe('label parsing', () => {
  it.each([
    [true, true], [false, false], [1, true], [0, false],
    ['true', true], ['FALSE', false], ['1', true], ['0', false], [' yes ', true], ['No', false], ['y', true], ['n', false],
  ])('binary %j → %j', (input, want) => {
    expect(parseBinaryLabel(input)).toBe(want);
  });

  it.each([
    ['maybe', 'got "maybe"'],
    [2, 'got 2'],
    [null, 'got null'],
    [undefined, 'it is missing'],
    ['', 'got ""'],
    [[], 'got []'],
  ])('binary %j is an error saying what it got', (input, got) => {
    expect(parseBinaryLabel(input)).toEqual({ error: `expected true/false, 1/0 or yes/no (${got})` });
  });

  it.each([
    [['crossing_offer', 'contact_handoff'], ['crossing_offer', 'contact_handoff']],
    ['["fake_documents"]', ['fake_documents']],
    ['crossing_offer, payment_terms', ['crossing_offer', 'payment_terms']],
    ['crossing_offer;payment_terms', ['crossing_offer', 'payment_terms']],
    ['Crossing Offer | contact-handoff', ['crossing_offer', 'contact_handoff']],
    ['crossing_offer|crossing_offer', ['crossing_offer']],
    ['', []],
    [[], []],
  ])('labels %j → %j', (input, want) => {
    expect(parseLabelList(input)).toEqual(want);
  });

  it('names unknown labels and the known ones', () => {
    const r = parseLabelList('crossing_offer|spam');
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toMatch(/unknown label "spam".*crossing_offer/);
    expect(parseLabelList('[1]')).toEqual({ error: 'label 1 is not a string' });
    expect(parseLabelList('["a"')).toEqual({ error: 'looks like a JSON array but does not parse (["a")' });
    expect(parseLabelList(42)).toEqual({ error: 'expected a JSON array or a string like "crossing_offer|contact_handoff" (got 42)' });
  });

  it('maps ISO 639-1 codes to the codes the detector reports', () => {
    expect(normalizeLanguage('FA')).toBe('pes');
    expect(normalizeLanguage('en')).toBe('eng');
    expect(normalizeLanguage('ckb')).toBe('ckb');
    expect(normalizeLanguage('xx')).toBe('xx');
  });
});

describe('readLabelledStream (JSONL)', () => {
  it('reports bad rows with their line numbers and keeps the rest', async () => {
    const input = [
      '{"id":"a","text":"Boat to UK, 4 places left","advert":true,"labels":["crossing_offer"],"lang":"en","kind":"advert"}',
      '{"id":"b","text":',
      '',
      '{"id":"c","text":"Police arrest smugglers","advert":"no","labels":"","lang":"eng","kind":"news"}',
      '{"id":"d","text":"hello","advert":"maybe","labels":[]}',
      '{"id":"e","text":"   ","advert":false}',
      '{"id":"f","text":"hi","advert":0,"labels":"spam"}',
      '{"id":"g","text":42,"advert":0}',
    ].join('\n');
    const d = await readLabelledStream(stream(input), 'jsonl');
    expect(d.records.map((r) => r.id)).toEqual(['a', 'c']);
    expect(d.records[0]).toMatchObject({ line: 1, advert: true, labels: ['crossing_offer'], lang: 'eng', kind: 'advert' });
    expect(d.records[1]).toMatchObject({ line: 4, advert: false, labels: [], kind: 'news' });
    expect(d.badRows.map((b) => b.line)).toEqual([2, 5, 6, 7, 8]);
    expect(d.badRows.find((b) => b.line === 5)!.message).toMatch(/line 5: field "advert": expected true\/false/);
    expect(d.badRows.find((b) => b.line === 7)!.message).toMatch(/unknown label "spam"/);
    expect(d.rowsRead).toBe(7); // the blank line is not a row
    expect(d.columns).toEqual({ binary: true, labels: true, lang: true, kind: true, source: false, stratum: false });
  });

  it('derives advert from the labels when there is no binary column', async () => {
    const input = '{"text":"a","labels":["crossing_offer","contact_handoff"]}\n{"text":"b","labels":["contact_handoff"]}\n';
    const d = await readLabelledStream(stream(input), 'jsonl');
    expect(d.advertFromLabels).toBe(true);
    expect(d.records.map((r) => r.advert)).toEqual([true, false]); // contact_handoff alone is a supporting label
    expect(d.columns).toMatchObject({ binary: false, labels: true, lang: false, kind: false });
  });

  it('takes the binary label alone, with custom field names', async () => {
    const input = '{"body":"x","is_ad":"yes","language":"fr","post":7}\n{"body":"y","is_ad":"no"}\n';
    const d = await readLabelledStream(stream(input), 'jsonl', { fields: { text: 'body', label: 'is_ad', lang: 'language', id: 'post' } });
    expect(d.records.map((r) => [r.id, r.advert, r.labels, r.lang])).toEqual([['7', true, null, 'fra'], [null, false, null, null]]);
  });

  it('stops at the limit', async () => {
    const input = Array.from({ length: 10 }, (_, i) => JSON.stringify({ text: `p${i}`, advert: i % 2 })).join('\n');
    const d = await readLabelledStream(stream(input), 'jsonl', { limit: 3 });
    expect(d.records).toHaveLength(3);
  });

  it('a file without a label column is a typed error naming the fix', async () => {
    const err = await readLabelledStream(stream('{"text":"a","is_ad":1}\n'), 'jsonl').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmuggleScanError);
    expect(err).toMatchObject({ code: 'INVALID_DATA' });
    expect((err as Error).message).toMatch(/--label-field or --labels-field.*columns seen: text, is_ad/);
  });

  it('a file with no usable row is a typed error listing the first problems', async () => {
    const err = (await readLabelledStream(stream('{"text":"a","advert":"?"}\nnot json\n'), 'jsonl').catch((e: unknown) => e)) as SmuggleScanError;
    expect(err.code).toBe('INVALID_DATA');
    expect(err.message).toMatch(/No usable row: 2 row\(s\) read, 2 bad/);
    expect(err.message).toMatch(/line 1: field "advert"/);
    expect(err.issues.map((i) => i.path[0])).toEqual([1, 2]);
  });
});

describe('readLabelled (CSV)', () => {
  it('reads quoting, a BOM, yes/no and pipe-separated labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-'));
    const file = join(dir, 'posts.csv');
    writeFileSync(
      file,
      '\uFEFFid,text,advert,labels,lang\n' +
        '1,"Fake passport, real photo, inbox",yes,fake_documents|contact_handoff,fr\n' +
        '2,"Line one\nline two, ""quoted""",no,,en\n' +
        '3,hello,perhaps,,en\n',
    );
    const d = await readLabelled(file);
    expect(d.format).toBe('csv');
    expect(d.records.map((r) => [r.id, r.advert, r.labels])).toEqual([
      ['1', true, ['fake_documents', 'contact_handoff']],
      ['2', false, []],
    ]);
    expect(d.records[1]!.text).toBe('Line one\nline two, "quoted"');
    expect(d.badRows).toHaveLength(1);
    expect(d.badRows[0]!.message).toMatch(/^line 5: field "advert"/); // CSV lines count the embedded newline
  });

  it('names a missing text column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-'));
    const file = join(dir, 'posts.csv');
    writeFileSync(file, 'id,message,advert\n1,hi,1\n');
    await expect(readLabelled(file)).rejects.toThrow(/no column "text"/);
  });

  it('a missing file is INVALID_OPTIONS', async () => {
    await expect(readLabelled('/no/such/file.jsonl')).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('reads the multilingual fixture', async () => {
    const d = await readLabelled(FIXTURE);
    expect(d.records.length).toBe(70);
    expect(d.badRows).toEqual([]);
    expect(d.records.filter((r) => r.advert)).toHaveLength(30);
  });
});

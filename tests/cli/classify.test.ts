import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = join(__dirname, '..', '..', 'dist');
const CLI = join(DIST, 'cli.js');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });
const lines = (s: string) => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
/** What the library of the same build gives for these posts, rules only (dist/ may be older than src/). */
const expected = async (posts: unknown[]): Promise<unknown[]> => {
  const lib = (await import(join(DIST, 'index.js'))) as typeof import('../../src/index.js');
  return lib.createScanner({ model: false }).classifyBatchSettled(posts);
};

describe('smugglescan classify (the binary)', () => {
  it('writes one line per input record, in order, with an error line for each bad record', async () => {
    const input = [
      '{"id":"a","text":"Boat to UK 🇬🇧 4 places left, WhatsApp +44 7700 900123"}',
      '{"id":"b","text":',
      '{"id":"c","text":42}',
      '"a bare JSON string is a post too"',
      '{"id":"d","text":"Nice weather in Dover today"}',
      '[1,2]',
    ].join('\n');
    const r = run(['classify', '--no-model'], input);
    expect(r.status).toBe(2);
    const out = lines(r.stdout);
    expect(out).toHaveLength(6);
    expect(out.map((o) => o.id)).toEqual(['a', null, 'c', null, 'd', null]);
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'INVALID_INPUT' } });
    expect(out[2]).toMatchObject({ line: 3, error: { code: 'INVALID_INPUT' } });
    expect((out[2]!.error as { message: string }).message).toContain('"text"');
    const [a, bare, d] = await expected([
      { id: 'a', text: 'Boat to UK 🇬🇧 4 places left, WhatsApp +44 7700 900123' },
      'a bare JSON string is a post too',
      { id: 'd', text: 'Nice weather in Dover today' },
    ]);
    expect([out[0], out[3], out[4]]).toEqual([a, bare, d]);
    expect(out[0]).toMatchObject({ id: 'a', advert: true });
    expect(out[5]).toMatchObject({ line: 6, error: { code: 'INVALID_INPUT' } });
    expect(r.stderr).toContain('3 of 6 record(s) could not be classified');
  });

  it('exits 0 when every record is classified, and echoes ids', async () => {
    const r = run(['classify', '--no-model'], '{"id":7,"text":"hello"}\n{"text":"world"}\n');
    expect(r.status).toBe(0);
    expect(lines(r.stdout).map((o) => o.id)).toEqual(['7', null]);
    expect(lines(r.stdout)).toEqual(await expected([{ id: 7, text: 'hello' }, { text: 'world' }]));
  });

  it('reads CSV with a BOM, quoting and custom fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
    const file = join(dir, 'posts.csv');
    writeFileSync(file, '\uFEFFpost_id,body\n1,"Fake passport, real photo, inbox"\n2,"Line one\nline two"\n');
    const r = run(['classify', '--no-model', '--input', file, '--text-field', 'body', '--id-field', 'post_id']);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['1', '2']);
    expect(out).toEqual(await expected([{ id: '1', text: 'Fake passport, real photo, inbox' }, { id: '2', text: 'Line one\nline two' }]));
  });

  it('names a missing CSV column and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
    const file = join(dir, 'posts.csv');
    writeFileSync(file, 'id,message\n1,hello\n');
    const r = run(['classify', '--no-model', '--input', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no column "text"');
  });

  it('reads plain text, one post per line', async () => {
    const r = run(['classify', '--no-model', '--format', 'text'], 'one\n\ntwo\nthree\n');
    expect(lines(r.stdout)).toEqual(await expected(['one', 'two', 'three']));
  });

  it('explains usage errors', () => {
    expect(run(['classify', '--format', 'xml']).stderr).toContain('--format must be one of');
    expect(run(['classify', '--bogus']).status).toBe(1);
    expect(run(['nope']).stderr).toContain('unknown command');
    const missing = run(['classify', '--input', '/no/such/file.jsonl']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no file at /no/such/file.jsonl');
  });

  it('documents every option in --help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const opt of ['--input', '--format', '--text-field', '--id-field', '--no-model', '--model', '--thresholds']) {
      expect(r.stdout).toContain(opt);
    }
  });

  it('exits cleanly when the reader closes the pipe early', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, text: `post ${i} boat to uk` })).join('\n');
    const child = spawn(process.execPath, [CLI, 'classify', '--no-model'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(input);
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toContain('unexpected error');
    expect(code).toBe(0);
  });

  it('applies a thresholds file and rejects a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'));
    const good = join(dir, 't.json');
    writeFileSync(good, JSON.stringify({ review: 0.01, remove: 0.02 }));
    const r = run(['classify', '--no-model', '--thresholds', good], '{"text":"Boat to UK 🇬🇧 4 places left, WhatsApp +44 7700 900123"}\n');
    expect(lines(r.stdout)[0]!.decision).toBe('remove');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ review: 0.9, remove: 0.2 }));
    const b = run(['classify', '--no-model', '--thresholds', bad], '{"text":"x"}\n');
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('thresholds.remove');
  });

  it('writes one line per record even for huge texts', async () => {
    const huge = 'boat to uk '.repeat(30_000);
    const input = [JSON.stringify({ id: 'big', text: huge }), '{"id":"small","text":"hi"}'].join('\n');
    const r = run(['classify', '--no-model'], input);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((o) => o.id)).toEqual(['big', 'small']);
    expect(out[0]!.truncated).toBe(true);
    expect(out).toEqual(await expected([{ id: 'big', text: huge }, { id: 'small', text: 'hi' }]));
  });

  it('on Ctrl-C, flushes what is done and says how far it got', async () => {
    const child = spawn(process.execPath, [CLI, 'classify', '--no-model', '--batch-size', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    for (let i = 0; i < 5; i++) child.stdin.write(JSON.stringify({ id: i, text: `post ${i}` }) + '\n');
    // Wait for the five results, then interrupt while stdin is still open.
    while (stdout.split('\n').filter(Boolean).length < 5) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(code).toBe(130);
    const done = lines(stdout);
    expect(done.slice(0, 5)).toEqual(await expected(Array.from({ length: 5 }, (_, i) => ({ id: i, text: `post ${i}` }))));
    expect(stderr).toMatch(/interrupted after \d+ record/);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchMetricsSchema } from '../../src/bench/schema.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const FIXTURE = join(__dirname, '..', 'fixtures', 'bench', 'labelled.jsonl');
const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, 'bench', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '' } });

describe('smugglescan bench (the binary)', () => {
  it('reads a CSV with labels only, skips bad rows by line, prints the table and writes the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-cli-'));
    const data = join(dir, 'posts.csv');
    writeFileSync(
      data,
      '\uFEFFpost,body,tags,language\n' +
        '1,"Speedboat to UK this week, 4 places left, WhatsApp +44 7700 900123",crossing_offer|contact_handoff,en\n' +
        '2,"Police in Calais arrested three men, prosecutors said",,en\n' +
        '3,"Fake passport, real photo, inbox","[""fake_documents"",""contact_handoff""]",fr\n' +
        '4,"Nice weather in Dover today",nonsense_label,en\n' +
        '5,"Passeport original avec ta photo, livraison en 5 jours. Contact Telegram @papiers",fake_documents;contact_handoff,fr\n',
    );
    const out = join(dir, 'out');
    const r = run(['--data', data, '--no-model', '--text-field', 'body', '--labels-field', 'tags', '--lang-field', 'language', '--id-field', 'post', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('skipped line 5: field "tags": unknown label "nonsense_label"');
    expect(r.stderr).not.toContain('\r'); // no progress bar in a pipe
    expect(r.stdout).toMatch(/4 posts \(3 adverts, 1 not\) · 1 bad row skipped/);
    expect(r.stdout).toMatch(/fused \(default\)\s+\d\.\d{3}/);
    expect(r.stdout).toMatch(/model only\s+skipped: no model/);
    expect(r.stdout).toMatch(/keyword baseline/);
    expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
    const metrics = BenchMetricsSchema.parse(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')));
    expect(metrics.data).toMatchObject({ format: 'csv', used: 4, badRows: 1, advertFromLabels: true });
    expect(metrics.perLabel?.find((l) => l.label === 'fake_documents')?.support).toBe(2);
    expect(existsSync(join(out, 'report.md'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<meta charset="utf-8">');
  });

  it('honours --limit and --thresholds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-cli-'));
    const th = join(dir, 't.json');
    writeFileSync(th, '{"review": 0.4, "remove": 0.9}');
    const r = run(['--data', FIXTURE, '--no-model', '--limit', '12', '--thresholds', th, '--out', join(dir, 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/12 posts/);
    expect(r.stdout).toMatch(/threshold 0\.4/);
  });

  it('a file with no usable row is a typed error, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-cli-'));
    const data = join(dir, 'bad.jsonl');
    writeFileSync(data, '{"text":"a","advert":"perhaps"}\nnot json\n');
    const r = run(['--data', data, '--no-model', '--out', join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/INVALID_DATA: No usable row: 2 row\(s\) read, 2 bad/);
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('explains usage errors and documents every option', () => {
    expect(run([]).stderr).toContain('--data FILE is required');
    expect(run(['--data', FIXTURE, '--format', 'text']).stderr).toContain('--format must be one of jsonl, csv');
    expect(run(['--data', FIXTURE, '--limit', '0']).stderr).toContain('--limit must be a positive integer');
    expect(run(['--data', FIXTURE, '--no-model', '--model', 'x']).status).toBe(1);
    expect(run(['--data', '/no/such.jsonl']).stderr).toContain('--data: no file at /no/such.jsonl');
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const opt of ['--data', '--format', '--text-field', '--label-field', '--labels-field', '--lang-field', '--id-field', '--kind-field', '--source-field', '--stratum-field', '--open-world', '--prevalence', '--out', '--no-model', '--model', '--thresholds', '--limit']) {
      expect(help.stdout).toContain(opt);
    }
  });

  it('--open-world reads unlabelled text as ordinary posts; --prevalence is repeatable and comma-separated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-cli-'));
    const data = join(dir, 'open.jsonl');
    writeFileSync(
      data,
      [
        { text: 'Ziel des Spiels ist es, in jedem Level alle Goldbarren zu finden.', lang: 'deu', corpus: 'ddtp-de', tier: 'everyday' },
        { text: 'The quick brown fox jumps over the lazy dog.', lang: 'eng', corpus: 'fortune-en', tier: 'everyday' },
        { text: 'Invite a friend and both of you get 10 EUR off your next order.', lang: 'eng', corpus: 'spam', tier: 'promo' },
      ].map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
    const out = join(dir, 'out');
    const r = run(['--data', data, '--open-world', '--no-model', '--source-field', 'corpus', '--stratum-field', 'tier', '--prevalence', '1/1000,0.01', '--prevalence', '1e-4', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3 posts \(0 adverts, 3 not\)/);
    expect(r.stdout).toMatch(/flags per 10k ordinary posts \(fused\): [\d.]+ \(\d\/3\)/);
    const m = BenchMetricsSchema.parse(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')));
    expect(m.data.openWorld).toBe(true);
    expect(m.data.fields).toMatchObject({ source: 'corpus', stratum: 'tier' });
    expect(m.ordinary!.n).toBe(3);
    expect(m.ordinary!.perSource!.map((g) => [g.key, g.n]).sort()).toEqual([['ddtp-de', 1], ['fortune-en', 1], ['spam', 1]]);
    expect(m.ordinary!.perStratum.map((g) => [g.key, g.n])).toEqual([['everyday', 2], ['promo', 1]]);
    expect(m.prevalence!.prevalences).toEqual([0.001, 0.01, 0.0001]);
    expect(m.prevalence!.note).toMatch(/no adverts/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Ordinary posts: flags per 10,000');
  });

  it('rejects a prevalence outside (0, 1), and labelled-looking files without --open-world', () => {
    const bad = run(['--data', FIXTURE, '--no-model', '--prevalence', '2']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--prevalence must be a share of posts between 0 and 1');
    expect(run(['--data', FIXTURE, '--no-model', '--prevalence', '1/0']).status).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'ss-bench-cli-'));
    const data = join(dir, 'open.jsonl');
    writeFileSync(data, '{"text":"hello there"}\n');
    const r = run(['--data', data, '--no-model', '--out', join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--open-world');
  });
});

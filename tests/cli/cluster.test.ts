/**
 * `smugglescan cluster` run as a process (through tsx, on the sources), and its report.html
 * rendered in headless Chromium (playwright-core, /usr/bin/chromium, the flags of
 * scripts/check-report.mjs): offline, no script, escaped, one graph per campaign.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.SMUGGLESCAN_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const posts = [
  { id: 'a1', text: 'Boat to UK 🇬🇧 this Saturday, 6 places left. £1800, half before. WhatsApp +44 7700 900101 ask for Kawa', author: 'kawa', time: '2024-03-02' },
  { id: 'a2', text: 'Next trip Tuesday night, life jackets for everyone, still £1800. WhatsApp +44 7700 900101', author: 'kawa', time: '2024-03-11' },
  { id: 'a3', text: 'Boat to UK 🇬🇧 this Saturday, 3 places left. £2000, half before. WhatsApp +44 7700 900999 ask for Kawa <script>alert(1)</script><img src="http://example.com/x.png">', time: '2024-03-20' },
  { id: 'b1', text: 'Real passports with your photo, 10 days. Telegram @passmaster_ldn' },
  { id: 'b2', text: 'Nouveau compte, toujours @passmaster_ldn pour les passeports' },
  { id: 'c1', text: 'Lovely weather today, going to the park with the kids' },
];

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/index.ts'), 'cluster', ...args], { encoding: 'utf8', timeout: 100_000, cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('smugglescan cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-cli-'));
  const input = join(dir, 'posts.jsonl');
  writeFileSync(input, [...posts.map((p) => JSON.stringify(p)), '{not json', JSON.stringify({ text: 'no id here' })].join('\n') + '\n');
  const out = join(dir, 'out');
  const r = runCli(['--input', input, '--min-risk', '0', '--no-model', '--out', out]);

  it('prints error lines, then one line per campaign, largest first, and exits 2 for bad records', () => {
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, 2).map((l) => (l.error as { code: string }).code)).toEqual(['INVALID_INPUT', 'INVALID_INPUT']);
    const clusters = lines.slice(2);
    expect(clusters.map((c) => c.posts)).toEqual([['a1', 'a2', 'a3'], ['b1', 'b2']]);
    expect(Object.keys(clusters[0]!)).toEqual(['cluster', 'posts', 'size', 'links', 'languages', 'risk', 'labels']);
    expect(clusters[0]).toMatchObject({ cluster: 'a1', size: 3, links: { phones: ['+447700900101'], templates: 1 } });
    expect(clusters[1]).toMatchObject({ cluster: 'b1', links: { handles: ['passmaster_ldn'] }, languages: { eng: 1, fra: 1 } });
  });

  it('writes clusters.jsonl with evidence', () => {
    const rows = readFileSync(join(out, 'clusters.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { evidence: { ends: { post: string; start: number; end: number; text: string }[] }[] });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const link of row.evidence) {
        for (const e of link.ends) expect(posts.find((p) => p.id === e.post)!.text.slice(e.start, e.end)).toBe(e.text);
      }
    }
  });

  it('renders report.html offline in headless Chromium, escaped, a graph per campaign', async () => {
    expect(existsSync(CHROMIUM), `no chromium at ${CHROMIUM}: apt-get install -y chromium`).toBe(true);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const file = pathToFileURL(join(out, 'report.html')).href;
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (q) => q.url() !== file && problems.push(`request ${q.url()}`));
      await page.goto(file, { waitUntil: 'load' });
      const graphs = await page.$$eval('figure.graph', (fs) => fs.map((f) => {
        const box = f.querySelector('svg')!.getBoundingClientRect();
        return { id: f.getAttribute('data-cluster'), w: box.width, h: box.height, nodes: f.querySelectorAll('circle').length, marks: f.querySelectorAll('rect').length };
      }));
      expect(graphs).toEqual([
        { id: 'a1', w: 420, h: 420, nodes: 3, marks: 1 },
        { id: 'b1', w: 420, h: 420, nodes: 2, marks: 1 },
      ]);
      expect(await page.$$eval('script, img', (xs) => xs.length)).toBe(0);
      expect(await page.textContent('body')).toContain('<script>alert(1)</script>');
      expect(await page.$$eval('mark', (ms) => ms.map((m) => m.textContent))).toContain('+44 7700 900101');
      expect(await page.evaluate(() => document.characterSet)).toBe('UTF-8');
      await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('rejects a bad --min-risk with exit 1 and the fix', () => {
    const bad = runCli(['--input', input, '--min-risk', '2', '--no-model']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--min-risk must be a number from 0 to 1/);
  });
});

#!/usr/bin/env node
// Opens bench report.html files in Debian's headless chromium (driven by playwright-core) and
// checks that each renders offline: no console error, no page error, no request other than the
// file itself, a UTF-8 document, and every chart (figure.chart) holds an SVG of non-zero size.
// Writes a full-page PNG screenshot of each.
//
//   node scripts/check-report.mjs bench-out/report.html [--screenshot bench-out/report.png]
//   node scripts/check-report.mjs a/report.html b/report.html      (screenshots beside each)
//
// Prints one JSON line per report ({file, ok, charts: [{id, width, height}], problems, screenshot})
// and exits 0 when every check passes, 1 when one fails, 2 on a usage error or when chromium is
// missing (install it with: apt-get install -y chromium).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.SMUGGLESCAN_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The charts every report has. */
export const EXPECTED_CHARTS = ['pr', 'reliability', 'language-f1', 'confusion'];

/** Throws with the fix when chromium is not installed. */
export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}: the report check needs it. Install it with: apt-get install -y chromium`);
  }
}

/** Launches headless chromium with the project's flags. */
export async function launch() {
  requireChromium();
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Checks one report in an open browser. Resolves to {file, ok, charts, problems, screenshot}.
 * @example const browser = await launch(); const r = await checkPage(browser, 'bench-out/report.html', 'bench-out/report.png'); r.ok
 */
export async function checkPage(browser, htmlPath, screenshotPath) {
  const file = resolve(htmlPath);
  if (!existsSync(file)) throw new Error(`No report at ${file}: run "smugglescan bench --data FILE --out DIR" first.`);
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`request to ${r.url()} (the report must be self-contained)`);
    });
    const res = await page.goto(url, { waitUntil: 'load' });
    if (res && !res.ok()) problems.push(`loading ${url} gave status ${res.status()}`);
    const charset = await page.evaluate(() => document.characterSet);
    if (charset !== 'UTF-8') problems.push(`document charset is ${charset}, expected UTF-8`);
    const charts = await page.$$eval('figure.chart', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        return { id: f.getAttribute('data-chart'), hasSvg: !!svg, width: box.width, height: box.height };
      }),
    );
    for (const id of EXPECTED_CHARTS) if (!charts.some((c) => c.id === id)) problems.push(`chart "${id}" is missing`);
    for (const c of charts) {
      if (!c.hasSvg) problems.push(`chart "${c.id}" has no <svg>`);
      else if (!(c.width > 0 && c.height > 0)) problems.push(`chart "${c.id}" has size ${c.width}×${c.height}`);
    }
    if (screenshotPath) await page.screenshot({ path: resolve(screenshotPath), fullPage: true });
    return { file, ok: problems.length === 0, charts: charts.map(({ id, width, height }) => ({ id, width, height })), problems, screenshot: screenshotPath ? resolve(screenshotPath) : null };
  } finally {
    await page.close();
  }
}

/**
 * Checks a report in a fresh browser. Resolves to {file, ok, charts, problems, screenshot}.
 * @example const r = await checkReport('bench-out/report.html', 'bench-out/report.png'); r.ok
 */
export async function checkReport(htmlPath, screenshotPath) {
  const browser = await launch();
  try {
    return await checkPage(browser, htmlPath, screenshotPath);
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--screenshot');
  const shot = i >= 0 ? args[i + 1] : undefined;
  const htmls = args.filter((a, k) => !a.startsWith('--') && !(i >= 0 && k === i + 1));
  if (!htmls.length || (shot && htmls.length > 1)) {
    process.stderr.write('usage: node scripts/check-report.mjs REPORT.html [--screenshot FILE.png] | REPORT.html REPORT.html ...\n');
    process.exit(2);
  }
  let browser;
  try {
    browser = await launch();
    let ok = true;
    for (const html of htmls) {
      const r = await checkPage(browser, html, shot ?? html.replace(/\.html?$/i, '') + '.png');
      process.stdout.write(JSON.stringify(r) + '\n');
      for (const p of r.problems) process.stderr.write(`check-report: ${html}: ${p}\n`);
      ok &&= r.ok;
    }
    await browser.close();
    process.exit(ok ? 0 : 1);
  } catch (e) {
    await browser?.close();
    process.stderr.write(`check-report: ${e.message}\n`);
    process.exit(2);
  }
}

/**
 * `npx tsx scripts/eval-open.ts [--no-model] [--split dev] [--open train]`: the figures used for
 * decisions during development, never the frozen test splits: F1 and hard-negative FPR on the
 * hand-written posts of a split (variants left out), and the share of open-world texts flagged,
 * per stratum and language. Runs from the sources (no build needed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScanner } from '../src/index.js';
import { EVERYDAY_KINDS, HARD_NEGATIVE_KINDS } from '../src/taxonomy.js';
import { ROOT, openWorldNegatives } from './corpus/common.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const noModel = args.includes('--no-model');
const split = opt('--split', 'dev');
const open = opt('--open', 'train');
if (open === 'test' || split === 'test') console.error('warning: a frozen test split; figures only, no decisions');
const read = (f: string): Record<string, unknown>[] => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
const scanner = createScanner({ model: noModel ? false : undefined });
const threshold = 0.5;

async function risks(texts: string[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += 256) out.push(...(await scanner.classifyBatch(texts.slice(i, i + 256))).map((r) => r.risk));
  return out;
}

const posts = read(join(ROOT, 'datasets/splits', `${split}.jsonl`)).filter((p) => !p.augmented);
const pr = await risks(posts.map((p) => p.text as string));
let tp = 0, fp = 0, fn = 0, hard = 0, hardFp = 0, every = 0, everyFp = 0;
posts.forEach((p, i) => {
  const flagged = pr[i]! >= threshold;
  if (p.advert && flagged) tp++;
  else if (p.advert) fn++;
  else if (flagged) fp++;
  if ((HARD_NEGATIVE_KINDS as readonly unknown[]).includes(p.kind)) { hard++; if (flagged) hardFp++; }
  if ((EVERYDAY_KINDS as readonly unknown[]).includes(p.kind)) { every++; if (flagged) everyFp++; }
});
const P = tp / (tp + fp), R = tp / (tp + fn);
console.log(`${split} (${posts.length} hand-written, ${noModel ? 'rules only' : 'fused'}): P ${P.toFixed(3)} R ${R.toFixed(3)} F1 ${((2 * P * R) / (P + R)).toFixed(3)} hard-neg FPR ${(hardFp / hard).toFixed(3)} (${hardFp}/${hard}) everyday FPR ${(everyFp / Math.max(1, every)).toFixed(3)}`);

// Texts that trained the model or fitted the fusion are left out (in-sample).
const used = new Set([...openWorldNegatives('train', Number(process.env.OW_TRAIN_PER_CELL ?? 220)), ...openWorldNegatives('dev', Number(process.env.OW_DEV_PER_CELL ?? 40))].map((t) => t.id));
const texts = read(join(ROOT, 'datasets/openworld', `${open}.jsonl`)).filter((t) => open !== 'train' || !used.has(t.id as string));
const or = await risks(texts.map((t) => t.text as string));
const by = new Map<string, { n: number; f: number }>();
const examples: string[] = [];
texts.forEach((t, i) => {
  const flagged = or[i]! >= threshold;
  for (const k of [`${t.stratum}`, `${t.stratum}/${t.lang}`, `src:${t.source}`]) {
    const e = by.get(k) ?? { n: 0, f: 0 };
    e.n++;
    if (flagged) e.f++;
    by.set(k, e);
  }
  if (flagged && examples.length < 40) examples.push(`${or[i]!.toFixed(2)} ${t.lang} ${t.source}: ${(t.text as string).slice(0, 140).replace(/\n/g, ' ')}`);
});
console.log(`open world (${open}, ${texts.length} texts): flagged per 10,000`);
for (const [k, e] of [...by].sort()) if (e.f || !k.includes('/')) console.log(`  ${k.padEnd(28)} ${String(e.n).padStart(6)}  ${((e.f / e.n) * 1e4).toFixed(1)}`);
if (args.includes('--examples')) console.log(examples.join('\n'));

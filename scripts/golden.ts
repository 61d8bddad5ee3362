/**
 * A behaviour fingerprint for refactoring: classifies dev and train posts (never the test split), clean and under every
 * attack, rules only and fused, and writes one line per (split, attack, system, post) with the
 * parts of the result that a refactor must not change. `--check FILE` compares with a saved run.
 * Not a metric: it never reports a score, only whether outputs moved.
 *   npx tsx scripts/golden.ts --out /tmp/golden.jsonl
 *   npx tsx scripts/golden.ts --check /tmp/golden.jsonl
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ATTACKS, applyAttack, hash32 } from './corpus/augment.js';
import { createScanner } from '../src/scanner.js';
import type { ClassificationResult } from '../src/types.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, check: { type: 'string' }, limit: { type: 'string', default: '600' } } });
const limit = Number(values.limit);

function read(file: string): { id: string; text: string }[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string }).slice(0, limit);
}

/** The parts of a result a refactor must keep: everything but the model's own evidence entries. */
function fingerprint(r: ClassificationResult): string {
  const kept = {
    risk: r.risk, decision: r.decision, labels: r.labels, language: r.language,
    evidence: r.evidence.filter((e) => (e.source as string) !== 'model'), indicators: r.indicators, truncated: r.truncated,
  };
  return createHash('sha256').update(JSON.stringify(kept)).digest('hex').slice(0, 16);
}

const lines: string[] = [];
const systems = { rules: createScanner({ model: false }), fused: createScanner() };
for (const split of ['dev', 'train']) {
  const posts = read(`datasets/splits/${split}.jsonl`);
  for (const attack of ['clean', ...ATTACKS] as const) {
    const texts = posts.map((p) => (attack === 'clean' ? p.text : applyAttack(p.text, attack, hash32(p.id))));
    for (const [name, scanner] of Object.entries(systems)) {
      const rs = await scanner.classifyBatch(texts);
      rs.forEach((r, i) => lines.push(`${split}\t${attack}\t${name}\t${posts[i]!.id}\t${fingerprint(r)}\t${r.risk}`));
    }
  }
}
if (values.out) writeFileSync(values.out, lines.join('\n') + '\n');
if (values.check) {
  const before = readFileSync(values.check, 'utf8').trim().split('\n');
  let moved = 0;
  for (let i = 0; i < Math.max(before.length, lines.length); i++) {
    if (before[i] !== lines[i]) {
      if (moved < 10) console.log(`- ${before[i]}\n+ ${lines[i]}`);
      moved++;
    }
  }
  console.log(moved === 0 ? `identical: ${lines.length} results` : `${moved} of ${lines.length} results moved`);
  process.exitCode = moved === 0 ? 0 : 1;
}

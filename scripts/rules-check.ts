/**
 * `npm run rules:check`: validates every built-in rule pack (schema and RE2 patterns), checks
 * that each language pack covers every label, and prints term counts per pack and label.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { check } from 'recheck';
import { BUILTIN_PACKS } from '../src/rules/packs/index.js';
import { safeLoadRules } from '../src/rules/index.js';
import { LABELS, LANGUAGES } from '../src/taxonomy.js';

const r = safeLoadRules(BUILTIN_PACKS);
if (!r.success) {
  console.error(r.error.message);
  process.exit(1);
}
const problems: string[] = [];
const rows: string[][] = [];
for (const pack of r.rules.packs) {
  const counts = LABELS.map((l) => pack.rules.filter((x) => x.label === l).reduce((a, x) => a + (x.terms?.length ?? 0) + (x.patterns?.length ?? 0), 0));
  const ctx = pack.rules.filter((x) => x.context).reduce((a, x) => a + (x.terms?.length ?? 0) + (x.patterns?.length ?? 0), 0);
  rows.push([pack.lang, ...counts.map(String), String(ctx)]);
  if (pack.lang !== 'common') LABELS.forEach((l, i) => counts[i] === 0 && problems.push(`${pack.lang}: no rule for ${l}`));
}
for (const lang of LANGUAGES) if (!r.rules.packs.some((p) => p.lang === lang)) problems.push(`no pack for ${lang}`);
const head = ['pack', ...LABELS.map((l) => l.split('_')[0]!), 'context'];
console.log([head, ...rows].map((row) => row.map((c, i) => (i ? c.padStart(9) : c.padEnd(7))).join(' ')).join('\n'));
console.log(`${r.rules.packs.length} packs, ${r.rules.ruleCount} rules; every pattern compiled on RE2 (linear time)`);

// Certify patterns for V8: recheck must prove them linear with the flags they run with (giu).
// Uncertified patterns still run, on re2js (linear by construction), only slower.
const certFile = new URL('../src/rules/packs/safe-patterns.json', import.meta.url);
const previous = JSON.parse(readFileSync(certFile, 'utf8')) as { linear: string[]; rejected?: Record<string, string> };
const sources = [...new Set(r.rules.packs.flatMap((p) => p.rules.flatMap((x) => x.patterns ?? [])))].sort();
const linear: string[] = [];
const rejected: Record<string, string> = {};
for (const source of sources) {
  if (previous.linear.includes(source) && !process.argv.includes('--recheck')) {
    linear.push(source);
    continue;
  }
  try {
    new RegExp(source, 'giu');
  } catch (e) {
    rejected[source] = `not valid with the u flag: ${(e as Error).message}`;
    continue;
  }
  const res = await check(source, 'giu', { timeout: 10_000 });
  // Proven linear by the automaton checker; or found safe by the fuzzer when the pattern has no
  // unbounded repetition at all (then each start position does bounded work).
  const unbounded = /(?<!\\)[+*]|\{\d+,\}/.test(source.replace(/\[(?:\\.|[^\]])*\]/g, 'x'));
  if (res.status === 'safe' && (!res.complexity.isFuzz || !unbounded)) linear.push(source);
  else rejected[source] = res.status === 'vulnerable' ? `${res.complexity.type} backtracking` : res.status;
}
writeFileSync(certFile, JSON.stringify({ checkedWith: 'recheck 4.5.0, flags giu', linear, rejected }, null, 1) + '\n');
console.log(`patterns: ${linear.length} certified linear on V8, ${Object.keys(rejected).length} left on re2js (${sources.length} in all)`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

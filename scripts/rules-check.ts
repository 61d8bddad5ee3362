/**
 * `npm run rules:check`: validates every built-in rule pack (schema and RE2 patterns), checks
 * that each language pack covers every label, prints term counts per pack and label, and
 * certifies the patterns for V8 (src/rules/generated/safe-patterns.json; `--recheck` checks the
 * certified ones again). scripts/build-rules.ts writes the same file with {@link safePatterns}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { check } from 'recheck';
import { BUILTIN_PACKS } from '../src/rules/generated/packs.js';
import { formatIssues, fromZodIssues } from '../src/errors.js';
import { RulePackSchema, RuleSet, type RulePack } from '../src/rules/index.js';
import { LABELS, LANGUAGES } from '../src/taxonomy.js';

/** What safe-patterns.json says wrote it (the same whether rules:check or build-rules writes it). */
export const SAFE_PATTERNS_BY = 'scripts/rules-check.ts (npm run rules:check; scripts/build-rules.ts)';

/** The certification file, as written. */
export interface SafePatterns {
  generatedBy?: string;
  checkedWith: string;
  linear: string[];
  rejected: Record<string, string>;
}

/**
 * safe-patterns.json for the packs' patterns. recheck must prove a pattern linear with the flags
 * it runs with (giu); patterns in `previous.linear` are kept without checking unless `recheck`.
 * Uncertified patterns still run, on re2js (linear by construction), only slower.
 */
export async function safePatterns(packs: readonly unknown[], previous: SafePatterns, recheck: boolean, generatedBy: string): Promise<string> {
  const sources = [...new Set((packs as { rules: { patterns?: string[] }[] }[]).flatMap((p) => p.rules.flatMap((x) => x.patterns ?? [])))].sort();
  const linear: string[] = [];
  const rejected: Record<string, string> = {};
  for (const source of sources) {
    if (previous.linear.includes(source) && !recheck) {
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
  return JSON.stringify({ generatedBy, checkedWith: 'recheck 4.5.0, flags giu', linear, rejected }, null, 1) + '\n';
}

async function main(): Promise<void> {
  // The built-in packs are checked against the schema, not the limits of user packs (which they
  // exceed: about 21,000 terms), and compiled with no certified pattern, so every one must be RE2.
  const invalid = BUILTIN_PACKS.flatMap((p, i) => {
    const parsed = RulePackSchema.safeParse(p);
    return parsed.success ? [] : fromZodIssues('INVALID_RULE_PACK', parsed.error.issues, [i]);
  });
  if (invalid.length) {
    console.error(`built-in packs:\n${formatIssues(invalid)}`);
    process.exit(1);
  }
  let r: { rules: RuleSet };
  try {
    r = { rules: new RuleSet(BUILTIN_PACKS as RulePack[]) };
  } catch (e) {
    console.error((e as Error).message);
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

  const certFile = new URL('../src/rules/generated/safe-patterns.json', import.meta.url);
  const previous = JSON.parse(readFileSync(certFile, 'utf8')) as SafePatterns;
  const out = await safePatterns(BUILTIN_PACKS, previous, process.argv.includes('--recheck'), SAFE_PATTERNS_BY);
  writeFileSync(certFile, out);
  const written = JSON.parse(out) as SafePatterns;
  console.log(`patterns: ${written.linear.length} certified linear on V8, ${Object.keys(written.rejected).length} left on re2js (${written.linear.length + Object.keys(written.rejected).length} in all)`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

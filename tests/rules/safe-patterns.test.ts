/**
 * The patterns certified to run on V8 (src/rules/generated/safe-patterns.json) are timed here on
 * crafted worst-case strings, so a certification that is wrong, or a V8 that backtracks where it
 * did not, fails the suite: for each character the pattern's atoms accept, a long run of it (and
 * runs of the pattern's own letters) followed by a character that ends the run, scanned for every
 * match as the engine does. Each scan runs in a vm context with a timeout, so a catastrophic
 * pattern fails the test instead of hanging it.
 */
import { Script, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import safePatterns from '../../src/rules/generated/safe-patterns.json';

const LENGTH = 20_000;
/** Each scan of a 20,000-character string must take less than this (linear scans take about 1 ms). */
const BOUND_MS = 50;

/** Characters to try against each atom: Latin, digits, spaces, punctuation and the packs' scripts. */
const CANDIDATES = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' \t\n.,;:!?-_/\\\'"()[]{}@#%&*+=<>|~^$€£₺',
  ...'éàçıßø', ...'ابتجحخدرسشعقكلمنهوي٠١', ...'абвгдежзиклмнопрсту', ...'αβγδεζηθικλμνξοπρστ',
  ...'ሀለሐመሠረሰሸቀበ', '🚤', '🇬🇧', '\u200d', '\u00a0',
];
/** Runs end in one of these: a control character few atoms accept, and punctuation. */
const STOPS = ['\u0007', '!'];

/** The atoms of a pattern: character classes, escapes, `.`, and literal characters. */
function atoms(source: string): string[] {
  return source.match(/\[(?:\\.|[^\]\\])*\]|\\[pP]\{[^}]+\}|\\u\{[0-9a-fA-F]+\}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\.|[^()[\]{}|*+?^$]/gu) ?? [];
}

function accepts(atom: string, ch: string): boolean {
  try {
    return new RegExp(`^(?:${atom})$`, 'iu').test(ch);
  } catch {
    return false;
  }
}

/** Worst-case inputs for a pattern: runs of each accepted character, and of its literal letters. */
function worstCases(source: string): string[] {
  const as = atoms(source);
  const accepted = CANDIDATES.filter((c) => as.some((a) => accepts(a, c)));
  const literal = as.filter((a) => [...a].length === 1 && /[\p{L}\p{N} ]/u.test(a)).join('');
  const runs = accepted.map((c) => c.repeat(Math.ceil(LENGTH / c.length)).slice(0, LENGTH));
  if (accepted.length > 1) runs.push(accepted.join('').repeat(Math.ceil(LENGTH / accepted.join('').length)).slice(0, LENGTH));
  if (literal) runs.push(literal.repeat(Math.ceil(LENGTH / literal.length)).slice(0, LENGTH));
  return runs.flatMap((r) => STOPS.map((stop) => r + stop));
}

const context = createContext({ source: '', input: '' });
const scan = new Script('{ const re = new RegExp(source, "giu"); for (let m = re.exec(input); m; m = re.exec(input)) if (m[0].length === 0) re.lastIndex++; }');
/** Finds every match of `source` (flags giu) in `input`, as the engine's scan does; returns milliseconds. */
function scanMs(source: string, input: string, timeout: number): number {
  context.source = source;
  context.input = input;
  const start = performance.now();
  try {
    scan.runInContext(context, { timeout });
  } catch (e) {
    if (/timed out/.test((e as Error).message)) return Infinity;
    throw e;
  }
  return performance.now() - start;
}

/** The slowest worst case of a pattern, in ms (Infinity when one timed out); stops at the first over the bound. */
function worstCaseMs(source: string): { ms: number; input: string } {
  let worst = { ms: 0, input: '' };
  for (const input of worstCases(source)) {
    let ms = scanMs(source, input, BOUND_MS * 20);
    // A slow scan is timed again, twice at most: a GC pause or a busy machine is not the pattern.
    for (let retry = 0; retry < 2 && ms >= BOUND_MS && ms < Infinity; retry++) ms = Math.min(ms, scanMs(source, input, BOUND_MS * 20));
    if (ms > worst.ms) worst = { ms, input: `${JSON.stringify(input.slice(0, 8))}… (${input.length})` };
    if (ms >= BOUND_MS) break; // one failing input is enough
  }
  return worst;
}

describe('patterns certified linear on V8', () => {
  const linear = (safePatterns as { linear: string[] }).linear;
  it('there are certified patterns to time', () => expect(linear.length).toBeGreaterThan(50));

  it('a catastrophic pattern fails this check', () => {
    expect(worstCaseMs('(a+)+$').ms).toBeGreaterThan(BOUND_MS);
    expect(worstCaseMs('^(\\w+\\s?)*$').ms).toBeGreaterThan(BOUND_MS);
  });

  it(`each certified pattern scans every worst case of ${LENGTH} characters in under ${BOUND_MS} ms`, () => {
    const slow: string[] = [];
    for (const source of linear) {
      expect(worstCases(source).length, source).toBeGreaterThan(0);
      const w = worstCaseMs(source);
      if (w.ms >= BOUND_MS) slow.push(`/${source}/ ${w.ms === Infinity ? 'timed out' : `${w.ms.toFixed(0)} ms`} on ${w.input}`);
    }
    expect(slow).toEqual([]);
  }, 120_000);
});

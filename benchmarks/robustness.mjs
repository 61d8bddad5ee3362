// Robustness figures on the frozen test split (figures, never pass/fail):
// - recall per attack (each taxonomy evasion and detail swap) and its ratio to clean recall;
// - worst-case time per post on adversarial 100,000-character inputs;
// - how many fuzzed inputs were tried, and whether any broke an invariant.
import { readFileSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { createScanner, SmuggleScanError } from '../dist/index.js';

const root = new URL('..', import.meta.url).pathname;

export async function robustness({ model = true, fuzzRuns = 3000 } = {}) {
  const file = `${root}datasets/splits/test.jsonl`;
  if (!existsSync(file)) throw new Error('datasets/splits/test.jsonl is missing: run npm run data:build');
  const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const scanner = createScanner(model ? {} : { model: false });
  const adverts = rows.filter((r) => r.advert);
  const results = await scanner.classifyBatch(adverts.map((r) => r.text));
  const byAttack = new Map();
  adverts.forEach((r, i) => {
    const key = r.attack ?? 'clean';
    const agg = byAttack.get(key) ?? { n: 0, caught: 0 };
    agg.n++;
    if (results[i].advert) agg.caught++;
    byAttack.set(key, agg);
  });
  const clean = byAttack.get('clean');
  const cleanRecall = clean.caught / clean.n;
  const attacks = [...byAttack.entries()].filter(([k]) => k !== 'clean').map(([attack, a]) => ({
    attack, n: a.n, recall: a.caught / a.n, ratio: a.caught / a.n / cleanRecall,
  })).sort((a, b) => a.ratio - b.ratio);

  // Adversarial long inputs: the shapes that make backtracking engines and naive loops slow.
  const N = 100_000;
  const adversarial = {
    digits: '1'.repeat(N),
    digitsSpaced: '1 '.repeat(N / 2),
    letters: 'a'.repeat(N),
    spacedLetters: 'b o a t '.repeat(N / 8),
    leet: 'p4ssp0rt'.repeat(N / 8),
    emoji: '🚤🇬🇧'.repeat(N / 6),
    invisible: 'a\u200B'.repeat(N / 2),
    arabicTatweel: 'حـ'.repeat(N / 2),
    mixedScripts: 'pаsspоrt '.repeat(N / 9),
    prices: '2,000,000,000,000 € '.repeat(N / 20),
    phones: '+44 7700 900123 '.repeat(N / 16),
    handles: '@a_b.c '.repeat(N / 7),
    urls: 'https://t.me/x?'.repeat(N / 15),
    nearMatch: 'boat to the the the uk '.repeat(N / 23),
    quotes: '« boat » "uk" \'trip '.repeat(N / 20),
  };
  const big = createScanner({ ...(model ? {} : { model: false }), maxLength: N });
  await big.classify('warm up');
  const times = {};
  // Median of five runs per input: the first run of a new input shape also pays for V8 compiling
  // the code paths it takes (a one-off per process, not a per-post cost), and this shared machine
  // adds its own outliers.
  for (const [name, text] of Object.entries(adversarial)) {
    const runs = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await big.classify(text.slice(0, N));
      runs.push(performance.now() - t0);
    }
    times[name] = runs.sort((a, b) => a - b)[2];
  }
  const worst = Object.entries(times).sort((a, b) => b[1] - a[1])[0];

  // Fuzz: arbitrary strings never throw anything but typed errors; spans and scores stay valid.
  let tried = 0;
  let broken = 0;
  const rules = createScanner({ model: false });
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.string({ unit: 'grapheme', maxLength: 500 })), async (text) => {
      tried++;
      try {
        const r = await rules.classify(text);
        const ok = r.risk >= 0 && r.risk <= 1 && r.evidence.every((e) => e.start >= 0 && e.end <= text.length && text.slice(e.start, e.end) === e.text);
        if (!ok) broken++;
      } catch (e) {
        if (!(e instanceof SmuggleScanError)) broken++;
      }
    }),
    { numRuns: fuzzRuns },
  );
  return { model, cleanRecall, cleanN: clean.n, attacks, worstMs: worst[1], worstInput: worst[0], timesMs: times, fuzz: { tried, broken } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await robustness({ model: !process.argv.includes('--no-model') });
  console.log(JSON.stringify(r, null, 2));
}

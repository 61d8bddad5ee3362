import { describe, expect, it } from 'vitest';
import { applyAttack, EVASIONS } from '../../scripts/corpus/augment.js';
import { SmuggleScanError } from '../../src/errors.js';
import { createScanner } from '../../src/index.js';
import { normalize } from '../../src/normalize/index.js';
import { analyzeRules, builtinPacks, builtinRules, loadRules, RulePackSchema, safeLoadRules } from '../../src/rules/index.js';
import { BUILTIN_PACKS } from '../../src/rules/generated/packs.js';
import { findIndicators, findPrices } from '../../src/rules/indicators.js';
import { LABELS, LANGUAGES } from '../../src/taxonomy.js';

const pack = (rules: unknown[]) => ({ lang: 'eng', rules });

describe('rule packs', () => {
  it('every built-in pack passes the schema (they are not re-validated at start-up)', () => {
    for (const [i, p] of BUILTIN_PACKS.entries()) {
      const r = RulePackSchema.safeParse(p);
      expect(r.success ? [] : r.error.issues.slice(0, 3), `built-in pack ${i}`).toEqual([]);
    }
  });

  it('every built-in language pack covers every label and validates', () => {
    const packs = builtinPacks();
    for (const lang of LANGUAGES) {
      const p = packs.find((x) => x.lang === lang);
      expect(p, `pack for ${lang}`).toBeDefined();
      const labels = new Set(p!.rules.map((r) => r.label).filter(Boolean));
      for (const l of LABELS) expect(labels.has(l), `${lang} has a ${l} rule`).toBe(true);
    }
  });

  it('reports every problem with its path, without throwing in the safe form', () => {
    const r = safeLoadRules([
      pack([
        { id: 'Bad Id', label: 'crossing_offer', weight: 0.5, terms: ['boat'] },
        { id: 'x.nolabel', terms: ['a'] },
        { id: 'x.weight', label: 'crossing_offer', weight: 3, terms: ['a'] },
      ]),
    ]);
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.code).toBe('INVALID_RULE_PACK');
    const paths = r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('0.rules.0.id');
    expect(paths).toContain('0.rules.1');
    expect(paths).toContain('0.rules.2.weight');
  });

  it('rejects patterns the linear-time engine cannot run, naming the pattern', () => {
    const bad = [pack([{ id: 'x.backref', label: 'crossing_offer', weight: 0.5, patterns: ['(a+)\\1'] }])];
    expect(() => loadRules(bad)).toThrow(SmuggleScanError);
    try {
      loadRules(bad);
    } catch (e) {
      expect((e as SmuggleScanError).code).toBe('UNSAFE_PATTERN');
      expect((e as SmuggleScanError).message).toContain('(a+)\\1');
    }
  });

  it('runs a would-be catastrophic pattern in linear time', () => {
    const rules = loadRules([pack([{ id: 'x.evil', label: 'crossing_offer', weight: 0.5, patterns: ['(a+)+b'] }])]);
    const text = 'a'.repeat(50_000);
    const t0 = performance.now();
    rules.match(text);
    // A backtracking engine takes exponential time here; RE2 answers at once. (Not a speed target.)
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('matching', () => {
  const rules = loadRules([
    pack([
      { id: 'x.fu', label: 'crossing_offer', weight: 0.5, terms: ['fu'] },
      { id: 'x.boat', label: 'crossing_offer', weight: 0.5, terms: ['boat ... uk'] },
      { id: 'x.pass', label: 'fake_documents', weight: 0.5, terms: ['passeport*'] },
    ]),
  ]);
  const hits = (text: string) => rules.match(normalize(text).text).map((h) => h.rule.key);

  it('matches on token boundaries only', () => {
    expect(hits('Kung Fu class tonight')).toEqual(['eng:x.fu']);
    expect(hits('Kungfu class, futon sale, refuel')).toEqual([]);
  });
  it('allows up to three words in a gap', () => {
    expect(hits('boat to the UK')).toEqual(['eng:x.boat']);
    expect(hits('boat for you and me to the UK')).toEqual([]);
  });
  it('matches prefixes marked with *', () => {
    expect(hits('vrais passeports')).toEqual(['eng:x.pass']);
  });
});

describe('overlapping evidence', () => {
  // Two packs' rules on the same words are one piece of evidence; words elsewhere still add up.
  const rules = loadRules(
    [
      { lang: 'eng', rules: [{ id: 'x.ride', label: 'crossing_offer', weight: 0.5, terms: ['speedboat tonight'] }] },
      { lang: 'fra', rules: [{ id: 'y.ride', label: 'crossing_offer', weight: 0.4, terms: ['speedboat*'] }] },
      { lang: 'ita', rules: [{ id: 'z.kit', label: 'equipment_supply', weight: 0.4, terms: ['speedboat'] }] },
    ],
    { includeBuiltin: false },
  );
  // 'und': every pack speaks (for a post in English, the French and Italian packs would not).
  const analyze = (text: string) => analyzeRules(normalize(text), 'und', rules);

  it('counts overlapping matches for one label once, at the best weight', () => {
    const a = analyze('a speedboat tonight');
    expect(a.evidence.filter((e) => e.label === 'crossing_offer').map((e) => e.rule)).toEqual(['eng:x.ride']);
    expect(a.labels.crossing_offer).toBeCloseTo(0.5, 5);
    // Another label on the same words is separate evidence.
    expect(a.evidence.some((e) => e.rule === 'ita:z.kit')).toBe(true);
  });

  it('still adds up matches on different words', () => {
    const a = analyze('speedboat tonight, and speedboats next week');
    expect(a.evidence.filter((e) => e.label === 'crossing_offer').map((e) => e.rule)).toEqual(['eng:x.ride', 'fra:y.ride']);
    expect(a.labels.crossing_offer).toBeGreaterThan(0.5);
  });
});

describe('other languages\' packs', () => {
  const rules = loadRules(
    [
      { lang: 'eng', rules: [{ id: 'x.boat', label: 'crossing_offer', weight: 0.5, terms: ['small boat'] }] },
      { lang: 'ita', rules: [{ id: 'y.trip', label: 'crossing_offer', weight: 0.6, terms: ['viaggio sicuro'] }] },
      { lang: 'arb', rules: [{ id: 'z.boat', label: 'crossing_offer', weight: 0.6, terms: ['مركب'] }] },
    ],
    { includeBuiltin: false },
  );
  const rulesOf = (text: string, lang: 'eng' | 'ita') => analyzeRules(normalize(text), lang, rules).evidence.map((e) => e.rule);

  it('speak only where the post mixes their language in', () => {
    // One Italian phrase in an English newsletter is not Italian text.
    expect(rulesOf('Our newsletter: viaggio sicuro is the name of the new cafe', 'eng')).not.toContain('ita:y.trip');
    // Two Italian function words make it code-mixed English and Italian.
    expect(rulesOf('Brothers, viaggio sicuro per la Inghilterra, anche per le famiglie', 'eng')).toContain('ita:y.trip');
    // A word in another script is its own evidence of mixing.
    expect(rulesOf('مركب this week, inbox', 'eng')).toContain('arb:z.boat');
    expect(rulesOf('small boat ready', 'ita')).not.toContain('eng:x.boat');
  });
});

describe('evidence spans', () => {
  const scanner = createScanner({ model: false });
  const adverts = [
    'Speedboat 🚤 to UK 🇬🇧 this week, 4 places left, 100% safe, pay on arrival. WhatsApp +44 7700 900123',
    'Real passport with your photo, fake ID cards and visas, fast delivery, Telegram @docs_fast',
    'حراقة لإيطاليا من زوارة، بابور قوي، الدفع عند الوصول، واتساب',
    'Passage pour l’Angleterre en camion, 3 places, paiement à l’arrivée, contactez en privé',
    'Bring 3 friends and your trip is free 🎁 Turkey to Greece by boat, DM me',
  ];
  // Attacks that leave a post as it was: letter attacks on the Arabic post (2), and
  // transliteration of the Latin-script posts. Every other attack disguises some word.
  const untouched = new Set(['homoglyph/2', 'leet/2', 'fullwidth/2', 'accents/2', 'transliterate/0', 'transliterate/1', 'transliterate/3', 'transliterate/4']);
  it.each(EVASIONS.flatMap((attack) => adverts.map((a, i) => [attack, i, a] as const)))(
    'point at the input under %s (post %i)',
    async (attack, i, advert) => {
      const text = applyAttack(advert, attack, 7);
      const r = await scanner.classify(text);
      expect(r.advert).toBe(true);
      expect(r.evidence.length).toBeGreaterThan(0);
      for (const e of r.evidence) {
        expect(e.start).toBeGreaterThanOrEqual(0);
        expect(e.end).toBeLessThanOrEqual(text.length);
        expect(text.slice(e.start, e.end)).toBe(e.text);
      }
      expect(text === advert).toBe(untouched.has(`${attack}/${i}`));
      if (text === advert) return;
      // A span over a disguised word: one whose text the attack changed (not in the clean post),
      // or one over the first character the attack changed (a word replaced by an emoji).
      let changed = 0;
      while (advert[changed] === text[changed]) changed++;
      const over = r.evidence.filter((e) => !advert.includes(e.text) || (e.start <= changed && e.end > changed));
      expect(over.length, r.evidence.map((e) => `${e.rule} ${e.text}`).join('\n')).toBeGreaterThan(0);
    },
  );
});

describe('indicators', () => {
  it('normalises phones to E.164', () => {
    const f = findIndicators('call +44 7700 900123 or 0033 6 39 98 12 34', 'eng');
    expect(f.phones.map((p) => p.value)).toEqual(['+447700900123', '+33639981234']);
  });
  it('reads Arabic-Indic digits in phone numbers', () => {
    expect(findIndicators('واتساب +٢١٨ ٩١ ٥٥٥ ٠١٤٧', 'arb').phones.map((p) => p.value)).toEqual(['+218915550147']);
  });
  it('finds handles and channel links', () => {
    const f = findIndicators('Telegram @kawa_road_uk or t.me/bozaexpress, https://example.org/x.', 'eng');
    expect(f.handles.map((h) => h.value)).toEqual(['@kawa_road_uk', 't.me/bozaexpress']);
    expect(f.urls.map((u) => u.value)).toEqual(['t.me/bozaexpress', 'https://example.org/x']);
  });
  it('does not take e-mail addresses or dates for handles and phones', () => {
    const f = findIndicators('mail info@example.org on 12.05.2025', 'eng');
    expect(f.handles).toEqual([]);
    expect(f.phones).toEqual([]);
  });
  it.each([
    ['2500€ only', { amount: 2500, currency: 'EUR' }],
    ['price £2,000', { amount: 2000, currency: 'GBP' }],
    ['1.500 euros', { amount: 1500, currency: 'EUR' }],
    ['3k $', { amount: 3000, currency: 'USD' }],
    ['5000 dinar', { amount: 5000, currency: 'LYD' }],
    ['15 trieu', { amount: 15_000_000, currency: 'VND' }],
  ])('price in %s', (text, price) => {
    expect(findPrices(normalize(text).text).map((p) => p.value)).toEqual([price]);
  });
  it('is not fooled by numbers without a currency', () => {
    expect(findPrices('3 places, 12 people, 2025')).toEqual([]);
  });
  it('reports places and routes in order of mention', () => {
    const a = analyzeRules(normalize('From Libya to Italy 🇮🇹 by sea'), 'eng', loadRules([], { includeBuiltin: true }));
    expect(a.indicators.places).toEqual(['Libya', 'Italy']);
    expect(a.indicators.routes).toEqual(['Libya→Italy']);
  });
});

describe('routes', () => {
  it('start at the place after an origin word, whatever the order of mention', () => {
    const route = (text: string, lang: 'eng' | 'fra' | 'arb') => analyzeRules(normalize(text), lang, builtinRules()).indicators.routes;
    expect(route('🚤🇬🇧 Speedboat from Dunkirk tonight', 'eng')).toEqual(['Dunkirk→United Kingdom']);
    expect(route('Passage vers l’Angleterre depuis Calais', 'fra')).toEqual(['Calais→United Kingdom']);
    expect(route('رحلة من زوارة إلى إيطاليا', 'arb')).toEqual(['Libya→Italy']);
    expect(route('Boat to Italy', 'eng')).toEqual([]);
  });
});

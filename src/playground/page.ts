/**
 * The playground page: its HTML and CSS, served by `smugglescan playground` and written by
 * `npm run playground`. Every URL in it is relative, so the folder works under any path. The
 * Content-Security-Policy keeps every request on the page's origin.
 *
 * Contract for tests and scripts: `#post` is the text box, `#classify` the button, `#result` gets
 * `data-risk` (and `data-decision`, `data-ms`) when a result is shown, evidence is `<mark>` elements.
 * @module
 */
import { LABELS } from '../taxonomy.js';

/** The page's policy: its own origin only (`'wasm-unsafe-eval'` lets it compile onnxruntime's wasm). */
export const PLAYGROUND_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Paths of the page's files, relative to the page. */
export const PLAYGROUND_PATHS = { model: 'model/smugglescan-mini/', wasm: 'ort/', script: 'browser/playground.js', css: 'style.css' } as const;

const labelName = (l: string): string => l.replace(/_/g, ' ');

/** The page. */
export function playgroundHtml(version: string): string {
  const legend = LABELS.map((l) => `<li><span class="swatch l-${l}" aria-hidden="true"></span>${labelName(l)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PLAYGROUND_CSP}">
<meta name="referrer" content="no-referrer">
<title>smugglescan playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${PLAYGROUND_PATHS.css}">
<script type="module" src="${PLAYGROUND_PATHS.script}"></script>
</head>
<body data-model="${PLAYGROUND_PATHS.model}" data-wasm="${PLAYGROUND_PATHS.wasm}">
<a class="skip" href="#post">Skip to the text box</a>
<header>
  <h1>smugglescan playground</h1>
  <p>Paste a post to see its risk of being a people-smuggling advert, its labels and the evidence in the text.
  Everything runs in this page: nothing you paste or drop is sent anywhere. <span class="version">${version}</span></p>
  <p id="status" role="status" aria-live="polite">Loading the model…</p>
</header>
<main>
  <section aria-labelledby="h-post" class="panel">
    <h2 id="h-post">Post</h2>
    <label for="post">Text of the post</label>
    <textarea id="post" rows="6" dir="auto" spellcheck="false" aria-describedby="post-hint"></textarea>
    <p id="post-hint" class="hint">Ctrl+Enter (⌘+Enter) classifies.</p>
    <div class="controls">
      <div class="threshold">
        <label for="threshold">Review threshold</label>
        <input type="range" id="threshold" min="0.05" max="0.95" step="0.05" value="0.50" aria-describedby="threshold-hint">
        <output id="threshold-value" for="threshold">0.50</output>
        <p id="threshold-hint" class="hint">Posts at or above this risk are flagged for review (remove at 0.80 or above).</p>
      </div>
      <button id="classify" type="button" disabled>Classify</button>
    </div>
  </section>
  <section id="result" aria-labelledby="h-result" class="panel" hidden>
    <h2 id="h-result">Result</h2>
    <dl class="summary">
      <div><dt>Risk</dt><dd id="risk"></dd></div>
      <div><dt>Decision</dt><dd id="decision"></dd></div>
      <div><dt>Language</dt><dd id="language"></dd></div>
    </dl>
    <h3>Labels</h3>
    <ul id="labels" class="bars"></ul>
    <h3 id="h-evidence">Evidence in the text</h3>
    <div id="highlighted" class="highlighted" dir="auto" aria-labelledby="h-evidence"></div>
    <ul class="legend" aria-label="Colours of the labels">${legend}<li><span class="swatch l-context" aria-hidden="true"></span>context (news, warning…)</li></ul>
    <table id="evidence-table">
      <caption>Evidence, one row per rule</caption>
      <thead><tr><th scope="col">Label</th><th scope="col">Rule</th><th scope="col">Text</th><th scope="col">Weight</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section aria-labelledby="h-file" class="panel">
    <h2 id="h-file">Classify a file</h2>
    <div id="dropzone" class="dropzone">
      <p>Drop a JSONL or CSV file here (one post per line or row, text in the field named below), or choose one.</p>
      <label for="file">File</label>
      <input type="file" id="file" accept=".jsonl,.ndjson,.json,.csv,.txt,text/csv,application/json">
      <label for="text-field">Text field</label>
      <input type="text" id="text-field" value="text" size="12" autocomplete="off">
    </div>
    <p id="file-status" role="status" aria-live="polite"></p>
    <p><a id="download" hidden download="smugglescan-results.jsonl">Download the results (JSONL)</a></p>
  </section>
</main>
</body>
</html>
`;
}

/** Label colours: light fills for dark text (contrast above 7:1), darker underlines. */
const COLOURS: Record<string, [string, string]> = {
  crossing_offer: ['#ffd8a8', '#c2410c'],
  fake_documents: ['#d0ebff', '#1864ab'],
  referral_incentive: ['#e5dbff', '#5f3dc4'],
  testimonial: ['#d3f9d8', '#2b8a3e'],
  contact_handoff: ['#fff3bf', '#8f6a00'],
  payment_terms: ['#ffdeeb', '#a61e4d'],
  equipment_supply: ['#c5f6fa', '#0b7285'],
  context: ['#e9ecef', '#495057'],
};

/** The page's stylesheet. */
export function playgroundCss(): string {
  const labels = Object.entries(COLOURS)
    .map(([l, [fill, line]]) => `.l-${l}{background:${fill};border-bottom-color:${line}}\n.bar-${l}{background:${line}}`)
    .join('\n');
  return `:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;background:#f8f9fa;line-height:1.45}
body{margin:0 auto;max-width:60rem;padding:1rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:.2rem 0 .6rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
.panel{background:#fff;border:1px solid #ced4da;border-radius:.5rem;padding:1rem;margin:1rem 0}
.version,.hint{color:#495057;font-size:.9rem}
label{font-weight:600;display:block;margin:.3rem 0}
textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #6c757d;border-radius:.3rem}
input[type=text]{font:inherit;padding:.2rem .4rem;border:1px solid #6c757d;border-radius:.3rem}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;justify-content:space-between}
.threshold{flex:1;min-width:16rem}
.threshold input{width:70%;vertical-align:middle}
output{font-variant-numeric:tabular-nums;font-weight:600;margin-left:.5rem}
button{font:inherit;font-weight:600;padding:.5rem 1.4rem;border-radius:.3rem;border:2px solid #1864ab;background:#1864ab;color:#fff;cursor:pointer}
button:disabled{background:#adb5bd;border-color:#adb5bd;color:#1a1a1a;cursor:progress}
:focus-visible{outline:3px solid #e8590c;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.summary{display:flex;flex-wrap:wrap;gap:1.5rem;margin:0}
.summary div{min-width:8rem}
.summary dt{font-size:.85rem;color:#495057}
.summary dd{margin:0;font-size:1.4rem;font-weight:700;font-variant-numeric:tabular-nums}
.decision-allow{color:#2b8a3e}
.decision-review{color:#a35200}
.decision-remove{color:#c92a2a}
.bars{list-style:none;padding:0;margin:0}
.bars li{display:grid;grid-template-columns:11rem 1fr 3.5rem;gap:.5rem;align-items:center;margin:.2rem 0}
.track{background:#e9ecef;height:.8rem;border-radius:.4rem;overflow:hidden}
.fill{height:100%;width:0}
.bars .value{text-align:right;font-variant-numeric:tabular-nums}
.highlighted{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #ced4da;border-radius:.3rem;padding:.6rem;min-height:2rem;font-size:1.05rem;line-height:1.9}
mark{color:#1a1a1a;border-bottom:3px solid;border-radius:.2rem;padding:0 .1rem;position:relative;cursor:help}
mark:hover::after,mark:focus::after{content:attr(data-tip);position:absolute;left:0;top:100%;z-index:2;background:#212529;color:#fff;font-size:.8rem;line-height:1.3;padding:.3rem .5rem;border-radius:.3rem;white-space:pre;direction:ltr}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.8rem;padding:0;font-size:.85rem}
.swatch{display:inline-block;width:1rem;height:.8rem;border-bottom:3px solid;margin-right:.3rem;vertical-align:middle}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.5rem}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid #dee2e6;padding:.25rem .4rem;text-align:left;vertical-align:top}
.dropzone{border:2px dashed #6c757d;border-radius:.5rem;padding:1rem}
.dropzone.over{background:#e7f5ff;border-color:#1864ab}
a{color:#1864ab}
${labels}
`;
}

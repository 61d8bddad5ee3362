/**
 * The campaign report: one self-contained HTML page (inline CSS and SVG, no script, nothing
 * remote; a Content-Security-Policy forbids every load), the largest campaigns first, each with a
 * graph of its posts and the indicators they share, its posts with the evidence marked, and every
 * link. All text from the posts is escaped.
 * @module
 */
import { escapeHtml, reportHead } from '../html.js';
import type { Cluster, LinkKind } from './types.js';

/** What the report shows of a post. */
export interface ReportPost {
  text: string;
  language?: string;
  risk?: number | null;
  author?: string | null;
  time?: string | number | null;
}

const esc = escapeHtml;
const COLOURS: Record<LinkKind, string> = { phone: '#c2410c', handle: '#1d4ed8', url: '#047857', payment: '#7e22ce', template: '#6b7280' };
const short = (s: string, n = 22): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The cluster's graph: posts on a circle, shared indicators inside it, template links dashed. */
function graph(c: Cluster): string {
  const size = 420;
  const mid = size / 2;
  const posts = c.posts.slice(0, 40);
  const at = new Map<string, [number, number]>();
  posts.forEach((id, i) => {
    const a = (2 * Math.PI * i) / posts.length - Math.PI / 2;
    at.set(id, [mid + 165 * Math.cos(a), mid + 165 * Math.sin(a)]);
  });
  const inds = [...new Map(c.evidence.filter((l) => l.kind !== 'template').map((l) => [`${l.kind}:${l.value}`, l])).values()].slice(0, 24);
  const indAt = new Map<string, [number, number]>();
  inds.forEach((l, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, inds.length) - Math.PI / 2;
    const r = inds.length === 1 ? 0 : 70;
    indAt.set(`${l.kind}:${l.value}`, [mid + r * Math.cos(a), mid + r * Math.sin(a)]);
  });
  const lines: string[] = [];
  for (const l of c.evidence) {
    if (l.kind === 'template') {
      const a = at.get(l.ends[0].post);
      const b = at.get(l.ends[1].post);
      if (a && b) lines.push(`<line x1="${a[0].toFixed(1)}" y1="${a[1].toFixed(1)}" x2="${b[0].toFixed(1)}" y2="${b[1].toFixed(1)}" stroke="${COLOURS.template}" stroke-dasharray="5 4" stroke-width="1.5"><title>template ${l.similarity ?? ''}</title></line>`);
      continue;
    }
    const m = indAt.get(`${l.kind}:${l.value}`);
    for (const end of l.ends) {
      const p = at.get(end.post);
      if (m && p) lines.push(`<line x1="${p[0].toFixed(1)}" y1="${p[1].toFixed(1)}" x2="${m[0].toFixed(1)}" y2="${m[1].toFixed(1)}" stroke="${COLOURS[l.kind]}" stroke-width="1.5"/>`);
    }
  }
  const nodes = posts.map((id) => {
    const [x, y] = at.get(id)!;
    return `<g><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="9" fill="#fff" stroke="#1d232b" stroke-width="1.5"/><text x="${x.toFixed(1)}" y="${(y + (y > mid ? 22 : -13)).toFixed(1)}" text-anchor="middle" font-size="11">${esc(short(id, 14))}</text><title>post ${esc(id)}</title></g>`;
  });
  const marks = inds.map((l) => {
    const [x, y] = indAt.get(`${l.kind}:${l.value}`)!;
    return `<g><rect x="${(x - 7).toFixed(1)}" y="${(y - 7).toFixed(1)}" width="14" height="14" fill="${COLOURS[l.kind]}"/><text x="${x.toFixed(1)}" y="${(y + 20).toFixed(1)}" text-anchor="middle" font-size="10" fill="${COLOURS[l.kind]}">${esc(short(l.value))}</text><title>${l.kind} ${esc(l.value)}</title></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="posts of campaign ${esc(c.cluster)} and what they share">${lines.join('')}${nodes.join('')}${marks.join('')}</svg>`;
}

/** The post's text with its evidence spans marked. */
function marked(text: string, spans: [number, number][]): string {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of sorted) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    out += esc(text.slice(at, from)) + `<mark>${esc(text.slice(from, e))}</mark>`;
    at = e;
  }
  return out + esc(text.slice(at));
}

function section(c: Cluster, posts: ReadonlyMap<string, ReportPost>, rank: number): string {
  const spans = new Map<string, [number, number][]>();
  for (const l of c.evidence) for (const e of l.ends) (spans.get(e.post) ?? spans.set(e.post, []).get(e.post)!).push([e.start, e.end]);
  const shared = (['phones', 'handles', 'urls', 'payments'] as const).filter((k) => c.links[k].length).map((k) => `${k}: ${c.links[k].map((v) => `<code>${esc(v)}</code>`).join(', ')}`);
  if (c.links.templates) shared.push(`template links: ${c.links.templates}`);
  const list = c.posts.map((id) => {
    const p = posts.get(id);
    const meta = [`<strong>${esc(id)}</strong>`, p?.language ? esc(p.language) : '', p?.risk !== undefined && p?.risk !== null ? `risk ${p.risk.toFixed(2)}` : '', p?.author ? `by ${esc(p.author)}` : '', p?.time !== undefined && p?.time !== null ? esc(String(p.time)) : ''].filter(Boolean).join(' · ');
    return `<li><div class="meta">${meta}</div><blockquote dir="auto">${p ? marked(p.text, spans.get(id) ?? []) : ''}</blockquote></li>`;
  });
  const links = c.evidence.map((l) => `<tr><td><span class="k" style="color:${COLOURS[l.kind]}">${l.kind}</span></td><td><code>${esc(l.value)}</code>${l.similarity !== undefined ? ` ${l.similarity.toFixed(2)}` : ''}</td>${l.ends.map((e) => `<td>${esc(e.post)} [${e.start}, ${e.end})<br><bdi class="ev">${esc(short(e.text, 80))}</bdi></td>`).join('')}</tr>`);
  return `<section class="campaign" id="c${rank}"><h2>${rank}. Campaign <code>${esc(c.cluster)}</code>: ${c.size} posts</h2>
<p class="meta">languages ${esc(Object.entries(c.languages).map(([k, v]) => `${k} ${v}`).join(', '))} · risk max ${c.risk.max.toFixed(2)}, mean ${c.risk.mean.toFixed(2)}${Object.keys(c.labels).length ? ` · labels ${esc(Object.entries(c.labels).map(([k, v]) => `${k} ${v}`).join(', '))}` : ''}</p>
<p>${shared.join(' · ')}</p>
<div class="row"><figure class="graph" data-cluster="${esc(c.cluster)}">${graph(c)}<figcaption>circles: posts; squares: shared indicators (orange phone, blue handle, green URL, purple payment); dashed: template links</figcaption></figure>
<ol class="posts">${list.join('')}</ol></div>
<div class="scroll"><table><thead><tr><th>link</th><th>value</th><th>earlier post: span</th><th>later post: span</th></tr></thead><tbody>${links.join('')}</tbody></table></div></section>`;
}

const CSS = `*{box-sizing:border-box}body{font:15px/1.5 system-ui,"Noto Sans","Noto Sans Arabic","Noto Sans Ethiopic",sans-serif;color:#1d232b;margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:1.6em;margin:0}h2{font-size:1.2em;border-bottom:1px solid #dde2e8;margin-top:1.6em}.meta{color:#5f6b78;margin:0}
.row{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}figure.graph{margin:0;border:1px solid #dde2e8;border-radius:6px;padding:8px;background:#fff}
figcaption{color:#5f6b78;font-size:.8em;max-width:420px}ol.posts{flex:1;min-width:320px;margin:0}blockquote{margin:.2em 0 .6em;padding:.3em .8em;border-left:3px solid #dde2e8;background:#f7f9fb;white-space:pre-wrap;unicode-bidi:plaintext}
mark{background:#fff2b3}table{border-collapse:collapse;font-size:.85em;margin:.6em 0}td,th{border-bottom:1px solid #dde2e8;padding:.25em .6em;text-align:left;vertical-align:top}.scroll{overflow-x:auto}.k{font-weight:600}.ev{background:#fff2b3}`;

/**
 * Renders the report: `clusters` (largest first, as `clusters()` returns them), and the posts'
 * texts by id. At most `limit` campaigns are drawn (default 100).
 * @example await writeFile('report.html', renderClusterReport(clusters, new Map(posts.map((p) => [p.id, p]))));
 */
export function renderClusterReport(clusters: readonly Cluster[], posts: ReadonlyMap<string, ReportPost>, options: { title?: string; limit?: number; totalPosts?: number } = {}): string {
  const shown = clusters.slice(0, options.limit ?? 100);
  const inCampaigns = clusters.reduce((s, c) => s + c.size, 0);
  const head = `${clusters.length} campaigns of two or more posts, holding ${inCampaigns} posts${options.totalPosts !== undefined ? ` of ${options.totalPosts} clustered` : ''}${shown.length < clusters.length ? `; the ${shown.length} largest are shown` : ''}.`;
  return `${reportHead(options.title ?? 'smugglescan campaigns', CSS)}
<header><h1>${esc(options.title ?? 'smugglescan campaigns')}</h1><p class="meta">${esc(head)} Links: shared phones, handles, links and payment handles, and near-duplicate templates (numbers, prices, contacts and places masked). Marked text is the evidence.</p></header>
${shown.length ? shown.map((c, i) => section(c, posts, i + 1)).join('\n') : '<p>No two posts share an indicator or a template.</p>'}
</body>
</html>
`;
}

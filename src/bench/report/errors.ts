/**
 * The error analysis: one worst false positive or false negative of the default pipeline, with its
 * text and evidence, as a Markdown list item or an HTML one.
 * @module
 */
import { escapeHtml as h } from '../../html.js';
import type { ErrorCase } from '../schema.js';
import { md } from './format.js';

/** The `k`-th error case as a numbered Markdown item, its text quoted and its evidence listed. */
export function errorMd(e: ErrorCase, k: number): string {
  const ev = e.evidence;
  const evid = ev.length
    ? ev.map((x) => `\`${md(x.rule)}\`${x.text ? ` «${md(x.text)}»` : ''} → ${x.label === 'context' ? `context:${x.context ?? ''}` : x.label} ${x.weight.toFixed(2)}`).join('; ')
    : 'no evidence';
  return [
    `${k}. **risk ${e.risk.toFixed(3)}** · line ${e.line}${e.id ? ` · id ${md(e.id)}` : ''} · lang ${e.lang ? md(e.lang) : '—'} (detected ${md(e.detectedLang)})${e.kind ? ` · kind ${md(e.kind)}` : ''}` +
      `${e.goldLabels ? ` · gold labels: ${e.goldLabels.join(', ') || 'none'}` : ''} · predicted: ${e.predictedLabels.join(', ') || 'none'}`,
    `   > ${md(e.text)}`,
    `   - evidence: ${evid}`,
  ].join('\n');
}

/** An error case as an HTML `<li>`: its risk, where it comes from, its text and its evidence. */
export function errorHtml(e: ErrorCase): string {
  const ev = e.evidence.length
    ? `<ul class="ev">${e.evidence
        .map((x) => `<li><code>${h(x.rule)}</code>${x.text ? ` <bdi class="span">${h(x.text)}</bdi>` : ''} → ${h(x.label === 'context' ? `context:${x.context ?? ''}` : x.label)} <span class="w">${x.weight.toFixed(2)}</span></li>`)
        .join('')}</ul>`
    : '<p class="muted">no evidence</p>';
  const meta = [
    `line ${e.line}`,
    e.id ? `id ${h(e.id)}` : '',
    `lang ${h(e.lang ?? '—')} (detected ${h(e.detectedLang)})`,
    e.kind ? `kind ${h(e.kind)}` : '',
    e.goldLabels ? `gold: ${h(e.goldLabels.join(', ') || 'none')}` : '',
    `predicted: ${h(e.predictedLabels.join(', ') || 'none')}`,
  ].filter(Boolean);
  return `<li><div class="case"><span class="risk">${e.risk.toFixed(3)}</span> <span class="muted">${meta.join(' · ')}</span>
<blockquote dir="auto"${e.lang ? ` lang="${h(e.lang)}"` : ''}>${h(e.text)}</blockquote>${ev}</div></li>`;
}

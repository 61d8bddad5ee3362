/**
 * The self-contained HTML reports (bench, campaigns): one escaper and one document head with the
 * strict Content-Security-Policy they share (nothing remote; inline styles and data: images only).
 * @module
 */

/**
 * Escapes text for HTML content and attribute values.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The start of a report page, up to and including `<body>`: UTF-8, the strict policy, the title
 * (escaped), extra `<meta>` lines (already HTML), and the inline style sheet.
 * @example reportHead('campaigns', 'body{font:14px sans-serif}') + '<h1>…</h1></body></html>'
 */
export function reportHead(title: string, css: string, extraHead = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
${extraHead ? `${extraHead}\n` : ''}<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>`;
}

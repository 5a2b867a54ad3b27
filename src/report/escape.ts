/** HTML-escapes text for element content and quoted attribute values: every user string passes here. */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes a Markdown table cell: pipes would split the cell, and HTML in it would render. */
export function escapeMarkdownCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A CSV field, quoted when it holds a comma, quote or newline (RFC 4180); a formula-looking text cell is neutralised (csv.ts). */
export { csvField } from '../csv.js';

/** JSON that is safe inside a <script> element: no "</script>" or "<!--" can close it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

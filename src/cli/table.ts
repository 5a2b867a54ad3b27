import { displayCells, tableFootnotes, type StudyTable } from '../sweep/table.js';

/** The study-layout table as aligned text for a terminal: text left, numbers right. */
export function formatTable(table: StudyTable): string {
  const { header, body } = displayCells(table);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const pad = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const lines = [pad(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(pad)];
  if (table.note) lines.unshift(`(${table.note})`);
  for (const note of tableFootnotes(table)) lines.push(`(${note})`);
  return `${lines.join('\n')}\n`;
}

/** "; 2 damaged cache entries repaired" for the run summary; empty when none was. */
export function repairedNote(repaired: number | undefined): string {
  if (!repaired) return '';
  return `; ${repaired} damaged cache entr${repaired === 1 ? 'y' : 'ies'} found, deleted and computed again`;
}

/**
 * CSV cells that are safe to open in a spreadsheet. A text cell starting with =, +, -, @, a tab
 * or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets (CSV
 * injection): such a cell gets a leading apostrophe, which spreadsheets show as text and hide.
 * Cells that are numbers ("-0.25", "1e-3", "-inf") are left alone. Then RFC 4180 quoting.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** Whether a text cell would be taken for a formula. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value) && !NUMBER.test(value);
}

export function csvField(value: string): string {
  const safe = looksLikeFormula(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The same rule as a DuckDB SQL expression over a VARCHAR column, for `COPY … TO 'x.csv'`. */
export function sqlSafeText(column: string, alias: string): string {
  return `CASE WHEN regexp_matches(${column}, '^[=+\\-@\\t\\r]') AND TRY_CAST(${column} AS DOUBLE) IS NULL THEN '''' || ${column} ELSE ${column} END AS ${alias}`;
}

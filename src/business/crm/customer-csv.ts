// CSV in and out for the customer directory. Out: a UTF-8 BOM (Chinese Excel
// needs it to read UTF-8) and cells that a spreadsheet would run as formulas
// prefixed with ' — except E.164 numbers, which stay as written (METRICS.md
// "Exports"). In: RFC 4180 records, each with the line it starts on, so
// every problem can name its line.

const BOM = '\uFEFF';
/** A cell starting with one of these is a formula to Excel, LibreOffice and Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Phone numbers in E.164 (one, or a list separated by ;) are data made only of digits, + and ;:
 * nothing a spreadsheet could call. Leave +8613812345678 alone rather than show '+86….
 */
const E164 = /^\+[1-9][0-9]{6,14}(;\+[1-9][0-9]{6,14})*$/;

/** One cell, guarded and quoted as needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !E164.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export function csvDocument(header: readonly string[]): string {
  return BOM + csvLine(header);
}

export interface CsvRecord {
  /** The line (1-based) the record starts on. */
  line: number;
  cells: string[];
}

/** Splits CSV text into records; a quote left open is reported with the line it opened on. */
export function parseCsv(text: string): {
  records: CsvRecord[];
  error?: { line: number; message: string };
} {
  const source = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let touched = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
      touched = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      touched = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      if (touched || cell !== '') {
        cells.push(cell);
        records.push({ line: recordLine, cells });
      }
      cells = [];
      cell = '';
      touched = false;
      line++;
      recordLine = line;
    } else {
      cell += ch;
      touched = true;
    }
  }
  if (quoted)
    return { records, error: { line: quoteLine, message: 'a quoted cell is never closed' } };
  if (touched || cell !== '') {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  return { records };
}

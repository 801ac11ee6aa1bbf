// Shows generated credentials once, as tables people can copy from.
import type { Credential, SipCredential } from '../app/index.ts';

export function printCredentials(credentials: Credential[], title: string): void {
  printTable(
    title,
    ['username', 'role', 'password', 'name'],
    credentials.map((c) => [c.username, c.role, c.password, c.displayName]),
  );
}

export function printExtensions(extensions: SipCredential[], title: string): void {
  printTable(
    title,
    ['extension', 'SIP password', 'name'],
    extensions.map((e) => [e.extension, e.password, e.displayName]),
  );
}

function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => cell + ' '.repeat(widths[i]! - displayWidth(cell))).join('  ')}\n`;
  process.stdout.write(`\n${title}:\n\n${line(header)}${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const row of rows) process.stdout.write(line(row));
  process.stdout.write('\n');
}

/** Terminal columns: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  }
  return width;
}

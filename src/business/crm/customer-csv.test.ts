// CSV cells and records: the formula guard that leaves E.164 numbers alone, quoting, and
// records that know their line even when a quoted cell spans lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvDocument, csvLine, parseCsv } from './customer-csv.ts';

describe('customer CSV', () => {
  it('guards formulas without mangling +86 numbers', () => {
    assert.equal(csvCell('+8613812345678'), '+8613812345678');
    assert.equal(csvCell('+442079460958'), '+442079460958');
    assert.equal(csvCell('+8613812345678;+861012345678'), '+8613812345678;+861012345678');
    assert.equal(csvCell('+86138;=1+1'), "'+86138;=1+1");
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1+1'), "'+1+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(-2), '-2', 'numbers we write ourselves are data');
    assert.equal(csvCell('张伟, 经理'), '"张伟, 经理"');
    assert.equal(csvCell(null), '');
  });

  it('starts a document with a UTF-8 BOM and ends lines with CRLF', () => {
    const doc = csvDocument(['name', 'phones']) + csvLine(['李华', '+8613812345678']);
    assert.equal(doc, '\uFEFFname,phones\r\n李华,+8613812345678\r\n');
  });

  it('parses records with the line each starts on', () => {
    const { records, error } = parseCsv(
      '\uFEFFname,notes\r\n张伟,"two\nlines"\n\n"Smith, John","say ""hi"""\nlast,',
    );
    assert.equal(error, undefined);
    assert.deepEqual(records, [
      { line: 1, cells: ['name', 'notes'] },
      { line: 2, cells: ['张伟', 'two\nlines'] },
      { line: 5, cells: ['Smith, John', 'say "hi"'] },
      { line: 6, cells: ['last', ''] },
    ]);
  });

  it('reports a quote left open with its line', () => {
    assert.deepEqual(parseCsv('name\n"open\nstill').error, {
      line: 2,
      message: 'a quoted cell is never closed',
    });
  });
});

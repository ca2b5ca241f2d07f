/**
 * RFC 4180 CSV: fields separated by `,`, records by CRLF or LF; a field in double quotes may hold
 * commas, line breaks and `""` (one quote). A UTF-8 byte-order mark is skipped. A final line break
 * does not start an empty record. Returns records as arrays of fields.
 *
 * Throws on a quote inside an unquoted field or text after a closing quote, since either means the
 * file is not what the loader expects.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  let atFieldStart = true;

  const endField = (): void => {
    record.push(field);
    field = '';
    atFieldStart = true;
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };

  while (i < n) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // Quoted field.
      i++;
      for (;;) {
        if (i >= n) throw new Error(`CSV: unterminated quoted field starting on line ${line}`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      atFieldStart = false;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new Error(`CSV: unexpected text after a closing quote on line ${line}`);
      }
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      if (ch === '"') throw new Error(`CSV: quote inside an unquoted field on line ${line}`);
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (!atFieldStart || record.length > 0) endRecord();
  return records;
}

/** Records as objects keyed by the header row; missing trailing fields become ''. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .filter((row) => !(row.length === 1 && row[0] === ''))
    .map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

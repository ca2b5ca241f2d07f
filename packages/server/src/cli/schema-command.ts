import type { App } from '../app/index.js';
import type { CliOutput } from './cli-output.js';

/** `text2x schema PROVIDER`: tables, columns, keys, row counts and sample values. */
export async function schemaCommand(app: App, id: string, json: boolean, output: CliOutput): Promise<number> {
  const { schema } = await app.providers.open(id);
  if (json) {
    output.out(JSON.stringify(schema));
    return 0;
  }
  for (const table of schema.tables) {
    const rows = table.rowCount === undefined ? '' : ` (${table.rowCount} rows)`;
    output.out(`${table.kind === 'view' ? 'view' : 'table'} ${table.name}${rows}`);
    for (const column of table.columns) {
      const fk = table.foreignKeys.find((key) => key.columns.includes(column.name));
      const notes = [
        column.primaryKey ? 'PK' : '',
        fk ? `→ ${fk.referencedTable}.${fk.referencedColumns[fk.columns.indexOf(column.name)] ?? '?'}` : '',
        column.sampleValues?.length
          ? `e.g. ${column.sampleValues
              .slice(0, 4)
              .map((v) => JSON.stringify(v))
              .join(', ')}`
          : '',
      ].filter(Boolean);
      output.out(`  ${column.name.padEnd(24)} ${column.type.padEnd(12)} ${notes.join('  ')}`);
    }
  }
  return 0;
}

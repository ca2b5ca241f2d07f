// Schema retrieval on a synthetic 2,000-table schema: p50 per question with the index built (the
// index is built once per schema and cached; its build time is reported separately).
import type { SchemaInfo, TableSchema } from '../packages/server/src/core/index.js';
import { retrieveSchema } from '../packages/server/src/retrieval/index.js';
import { summary } from './stats.js';

const NOUNS =
  'account address agent asset audit balance batch bill booking branch budget campaign carrier case category channel charge claim client clinic contract coupon course credit customer delivery department device discount doctor driver employee event expense facility fee flight fund grade invoice item journal lease ledger license loan location member message order owner package partner patient payment payroll permit plan policy price product project promotion purchase quote rate receipt refund region rental report request reservation return review route sale schedule school segment shipment shop site skill station store student subscription supplier survey task tax teacher team ticket trade transaction transfer trip unit vehicle vendor visit voucher warehouse'.split(
    ' ',
  );
const ATTRIBUTES =
  'name code status amount total date created_at updated_at type city country email phone rating quantity price description level score'.split(
    ' ',
  );

export function syntheticSchema(tables: number): SchemaInfo {
  const result: TableSchema[] = [];
  for (let i = 0; i < tables; i += 1) {
    const noun = NOUNS[i % NOUNS.length]!;
    const name = `${noun}_${Math.floor(i / NOUNS.length)}`;
    const columns = [
      { name: 'id', type: 'INTEGER', category: 'number' as const, nullable: false, primaryKey: true },
      ...Array.from({ length: 8 }, (_, k) => {
        const attribute = ATTRIBUTES[(i * 7 + k * 3) % ATTRIBUTES.length]!;
        return {
          name: `${noun}_${attribute}_${k}`,
          type: 'TEXT',
          category: 'text' as const,
          nullable: true,
          primaryKey: false,
        };
      }),
      ...(i > 0
        ? [
            {
              name: 'parent_id',
              type: 'INTEGER',
              category: 'number' as const,
              nullable: true,
              primaryKey: false,
            },
          ]
        : []),
    ];
    const parent = i > 0 ? result[(i * 31) % i] : undefined;
    result.push({
      name,
      kind: 'table',
      columns,
      primaryKey: ['id'],
      foreignKeys: parent
        ? [{ columns: ['parent_id'], referencedTable: parent.name, referencedColumns: ['id'] }]
        : [],
      rowCount: 1000,
    });
  }
  return { dialect: 'sqlite', tables: result };
}

const QUESTIONS = [
  'How many invoices were paid last month?',
  'Total refund amount per customer country',
  'Which supplier has the most shipments?',
  'Average rating of products in each category',
  'List the employees of the finance department hired in 2024',
  'Top 10 vehicles by rental revenue',
  'Show pending tickets for the support team',
  'What is the average loan balance by branch?',
];

export function benchSchemaRetrieval(): Record<string, unknown> {
  const schema = syntheticSchema(2000);
  const buildStart = performance.now();
  retrieveSchema('warm up', schema);
  const buildMs = performance.now() - buildStart;
  const samples: number[] = [];
  for (let round = 0; round < 100; round += 1) {
    for (const question of QUESTIONS) {
      const started = performance.now();
      retrieveSchema(question, schema);
      samples.push(performance.now() - started);
    }
  }
  return {
    tables: 2000,
    index_build_ms: Math.round(buildMs * 1000) / 1000,
    ms: summary(samples),
    goal_p50_ms: 20,
  };
}

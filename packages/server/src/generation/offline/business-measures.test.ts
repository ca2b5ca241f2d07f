import { describe, expect, it } from 'vitest';
import { ask, sqlFor } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';
import { fk, table } from './fixtures/shop-schema.js';
import {
  lineAmountColumns,
  moneyMeasureTable,
  quantityColumn,
  totalMoneyColumn,
} from './business-measures.js';
import { buildSchemaIndex } from './schema-index.js';

const clinic = clinicSchema();

describe('money columns', () => {
  it('finds a row total by the shape of its name and type, never a unit price', async () => {
    const index = await buildSchemaIndex(clinic, { synonyms: false });
    const byName = (name: string) => index.tables.find((t) => t.name === name)!;
    expect(totalMoneyColumn(byName('visits'))?.name).toBe('invoice_total');
    expect(totalMoneyColumn(byName('insurance_claims'))?.name).toBe('amount');
    expect(totalMoneyColumn(byName('prescriptions'))).toBeUndefined();
    const lines = lineAmountColumns(byName('prescriptions'));
    expect([lines?.quantity.name, lines?.price.name]).toEqual(['quantity', 'unit_price']);
    expect(quantityColumn(byName('prescriptions'))?.name).toBe('quantity');
  });

  it('takes the dated table with a money total that others point at as the money measure', async () => {
    const index = await buildSchemaIndex(clinic, { synonyms: false });
    expect(moneyMeasureTable(index)?.name).toBe('visits');
    const linesOnly = await buildSchemaIndex(
      {
        dialect: 'sqlite',
        tables: [
          table('tickets', [
            ['id', 'INTEGER'],
            ['sold_on', 'DATE'],
          ]),
          table(
            'ticket_lines',
            [
              ['id', 'INTEGER'],
              ['ticket_id', 'INTEGER'],
              ['qty', 'INTEGER'],
              ['price', 'REAL'],
            ],
            [fk('ticket_id', 'tickets')],
          ),
        ],
      },
      { synonyms: false },
    );
    expect(moneyMeasureTable(linesOnly)?.name).toBe('ticket_lines');
  });
});

describe('questions about money and sales', () => {
  it('answers "total revenue" with no table named from the money measure', async () => {
    expect(await sqlFor(clinic, 'What was the total revenue this year?')).toBe(
      "SELECT SUM(invoice_total) AS revenue FROM visits WHERE visit_date >= '2025-01-01' AND visit_date < '2026-01-01'",
    );
  });

  it('ranks "which N X spent the most" by their spending, keeping N rows', async () => {
    const outcome = await ask(clinic, 'Which 3 patients spent the most?');
    expect(outcome).toMatchObject({
      kind: 'query',
      query:
        'SELECT p.first_name, p.last_name, SUM(p2.quantity * p2.unit_price) AS revenue FROM patients AS p JOIN visits AS v ON v.patient_id = p.id JOIN prescriptions AS p2 ON p2.visit_id = v.id GROUP BY p.id, p.first_name, p.last_name ORDER BY SUM(p2.quantity * p2.unit_price) DESC LIMIT 3',
      confidence: 0.95,
    });
  });

  it('places "spent … last year" on the date of the rows that carry the money', async () => {
    expect(await sqlFor(clinic, 'Which patients spent the most last year?')).toBe(
      "SELECT p.first_name, p.last_name, SUM(p2.quantity * p2.unit_price) AS revenue FROM patients AS p JOIN visits AS v ON v.patient_id = p.id JOIN prescriptions AS p2 ON p2.visit_id = v.id WHERE v.visit_date >= '2024-01-01' AND v.visit_date < '2025-01-01' GROUP BY p.id, p.first_name, p.last_name ORDER BY SUM(p2.quantity * p2.unit_price) DESC LIMIT 1",
    );
  });

  it('measures a row that carries its own total by that total', async () => {
    expect(await sqlFor(clinic, 'Top 5 visits by revenue')).toBe(
      'SELECT id, SUM(invoice_total) AS revenue FROM visits GROUP BY id ORDER BY SUM(invoice_total) DESC LIMIT 5',
    );
  });

  it('ranks "best-selling" rows by the units sold, restated by "by units sold"', async () => {
    expect(await sqlFor(clinic, 'What are the 3 best-selling medicines by units sold?')).toBe(
      'SELECT m.medicine_name, SUM(p.quantity) AS units_sold FROM medicines AS m JOIN prescriptions AS p ON p.medicine_id = m.id GROUP BY m.id, m.medicine_name ORDER BY SUM(p.quantity) DESC LIMIT 3',
    );
    expect(await sqlFor(clinic, 'Which medicines are the worst sellers?')).toBe(
      'SELECT m.medicine_name FROM medicines AS m JOIN prescriptions AS p ON p.medicine_id = m.id GROUP BY m.id, m.medicine_name ORDER BY SUM(p.quantity) ASC LIMIT 1',
    );
  });
});

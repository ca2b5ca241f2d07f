import { describe, expect, it } from 'vitest';
import { ask, sqlFor } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';
import { table } from './fixtures/shop-schema.js';

const clinic = clinicSchema();

describe('period grouping', () => {
  it('groups "each year" by the year of the subject\'s date, in time order', async () => {
    expect(await sqlFor(clinic, 'How many visits were there each year?')).toBe(
      "SELECT strftime('%Y', visit_date) AS \"year\", COUNT(*) FROM visits GROUP BY strftime('%Y', visit_date) ORDER BY strftime('%Y', visit_date) ASC",
    );
  });

  it('splits "monthly" revenue and "each month" counts by month, within the asked range', async () => {
    const monthly = await ask(clinic, 'Show monthly revenue for the last 6 months');
    expect(monthly).toMatchObject({
      kind: 'query',
      query:
        "SELECT strftime('%Y-%m', visit_date) AS \"month\", SUM(invoice_total) AS revenue FROM visits WHERE visit_date >= '2025-05-12' AND visit_date < '2025-11-13' GROUP BY strftime('%Y-%m', visit_date) ORDER BY strftime('%Y-%m', visit_date) ASC",
      assumptions: [],
    });
    const each = await ask(clinic, 'How many new patients enrolled each month this year?');
    expect(each).toMatchObject({
      kind: 'query',
      query:
        "SELECT strftime('%Y-%m', registered_at) AS \"month\", COUNT(*) FROM patients WHERE registered_at >= '2025-01-01' AND registered_at < '2026-01-01' GROUP BY strftime('%Y-%m', registered_at) ORDER BY strftime('%Y-%m', registered_at) ASC",
      assumptions: [],
    });
    expect(each.kind === 'query' && each.confidence).toBeGreaterThanOrEqual(0.9);
    expect(each.kind === 'query' && each.explanation).toBe(
      'Counted patients per month where registered at is in 2025, sorted by month from earliest to latest.',
    );
  });

  it('reads quarters, weeks and days ("per quarter", "by week", "each day")', async () => {
    const quarter =
      "strftime('%Y', visit_date) || '-Q' || ((CAST(strftime('%m', visit_date) AS INTEGER) + 2) / 3)";
    expect(await sqlFor(clinic, 'What is the average invoice total per quarter?')).toBe(
      `SELECT ${quarter} AS quarter, AVG(invoice_total) FROM visits GROUP BY ${quarter} ORDER BY ${quarter} ASC`,
    );
    expect(await sqlFor(clinic, 'How many visits are there by week?')).toBe(
      "SELECT strftime('%Y-W%W', visit_date) AS week, COUNT(*) FROM visits GROUP BY strftime('%Y-W%W', visit_date) ORDER BY strftime('%Y-W%W', visit_date) ASC",
    );
    expect(await sqlFor(clinic, 'How many visits were there each day last month?')).toBe(
      "SELECT strftime('%Y-%m-%d', visit_date) AS \"day\", COUNT(*) FROM visits WHERE visit_date >= '2025-10-01' AND visit_date < '2025-11-01' GROUP BY strftime('%Y-%m-%d', visit_date) ORDER BY strftime('%Y-%m-%d', visit_date) ASC",
    );
  });

  it('writes the period label in each dialect', async () => {
    const question = 'How many visits did surgeons have each month?';
    expect(await sqlFor(clinic, question, { dialect: 'postgres' })).toBe(
      "SELECT to_char(v.visit_date, 'YYYY-MM') AS \"month\", COUNT(*) FROM visits AS v JOIN staff AS s ON s.id = v.staff_id WHERE s.job = 'Surgeon' GROUP BY to_char(v.visit_date, 'YYYY-MM') ORDER BY to_char(v.visit_date, 'YYYY-MM') ASC",
    );
    expect(await sqlFor(clinic, question, { dialect: 'mysql' })).toBe(
      "SELECT DATE_FORMAT(v.visit_date, '%Y-%m') AS `month`, COUNT(*) FROM visits AS v JOIN staff AS s ON s.id = v.staff_id WHERE s.job = 'Surgeon' GROUP BY DATE_FORMAT(v.visit_date, '%Y-%m') ORDER BY DATE_FORMAT(v.visit_date, '%Y-%m') ASC",
    );
    expect(await sqlFor(clinic, question, { dialect: 'duckdb' })).toBe(
      "SELECT strftime(v.visit_date, '%Y-%m') AS \"month\", COUNT(*) FROM visits AS v JOIN staff AS s ON s.id = v.staff_id WHERE s.job = 'Surgeon' GROUP BY strftime(v.visit_date, '%Y-%m') ORDER BY strftime(v.visit_date, '%Y-%m') ASC",
    );
  });

  it('keeps a period next to another grouping, and an order the question asks for', async () => {
    expect(await sqlFor(clinic, 'How many visits were there each month per status?')).toBe(
      "SELECT status, strftime('%Y-%m', visit_date) AS \"month\", COUNT(*) FROM visits GROUP BY strftime('%Y-%m', visit_date), status ORDER BY strftime('%Y-%m', visit_date) ASC",
    );
    expect(await sqlFor(clinic, 'How many visits were there per year, ordered by number of visits?')).toBe(
      "SELECT strftime('%Y', visit_date) AS \"year\", COUNT(*) FROM visits GROUP BY strftime('%Y', visit_date) ORDER BY COUNT(*) ASC",
    );
  });

  it('groups by the date the question places in time', async () => {
    const schema = {
      dialect: 'sqlite' as const,
      tables: [
        table('parcels', [
          ['id', 'INTEGER'],
          ['posted_on', 'DATE'],
          ['delivered_on', 'DATE'],
          ['weight', 'REAL'],
        ]),
      ],
    };
    expect(await sqlFor(schema, 'How many parcels were delivered each month in 2024?')).toBe(
      "SELECT strftime('%Y-%m', delivered_on) AS \"month\", COUNT(*) FROM parcels WHERE delivered_on >= '2024-01-01' AND delivered_on < '2025-01-01' GROUP BY strftime('%Y-%m', delivered_on) ORDER BY strftime('%Y-%m', delivered_on) ASC",
    );
  });

  it('does not group when nothing is counted or totalled per period', async () => {
    expect(await ask(clinic, 'Which patients had visits every month?')).toMatchObject({
      kind: 'query',
      query: 'SELECT p.first_name, p.last_name FROM patients AS p JOIN visits AS v ON v.patient_id = p.id',
      assumptions: ['not split by month: nothing is counted or totalled per month'],
    });
  });

  it('leaves a period word that names a column to that column', async () => {
    const schema = {
      dialect: 'sqlite' as const,
      tables: [
        table('readings', [
          ['id', 'INTEGER'],
          ['month', 'TEXT'],
          ['taken_on', 'DATE'],
          ['level', 'REAL'],
        ]),
      ],
    };
    expect(await sqlFor(schema, 'What is the average level for each month?')).toBe(
      'SELECT "month", AVG("level") FROM readings GROUP BY "month"',
    );
  });
});

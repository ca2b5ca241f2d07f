import { findColumnAssignment, projectedRowKey, toColumns } from './column-matching.js';
import { resultKeys, type ResultSet } from './result-set.js';

/**
 * Whether a prediction answers a defog (sql-eval) question, given the result of one gold
 * expansion: every gold column must be found among the predicted columns (extra predicted columns
 * are allowed, column names and order are ignored), and the predicted rows projected onto those
 * columns must equal the gold rows once duplicates are dropped from both. With `orderMatters` the
 * de-duplicated rows (first occurrences kept) must also come in the same order.
 *
 * Two empty results are equal whatever their columns; an empty result never matches a non-empty
 * one. Unlike sql-eval's `subset_df`, the predicted column is not required to have as many rows as
 * the gold column before duplicates are dropped: the README's rule is "compare after dropping
 * duplicates", and a prediction that joins to more rows but denotes the same set is accepted.
 */
export function compareDefogResults(
  gold: ResultSet,
  predicted: ResultSet,
  options: { orderMatters: boolean },
): boolean {
  if (gold.rows.length === 0 || predicted.rows.length === 0) {
    return gold.rows.length === 0 && predicted.rows.length === 0;
  }
  const goldColumnCount = gold.rows[0]!.length;
  const predictedColumnCount = predicted.rows[0]!.length;
  if (predictedColumnCount < goldColumnCount) return false;

  const goldColumns = toColumns(resultKeys(gold), goldColumnCount);
  const predictedColumns = toColumns(resultKeys(predicted), predictedColumnCount);
  const goldRowCount = gold.rows.length;
  const predictedRowCount = predicted.rows.length;

  const distinctSequence = (table: string[][], columns: number[], rowCount: number): string[] => {
    const seen = new Set<string>();
    const sequence: string[] = [];
    for (let row = 0; row < rowCount; row++) {
      const key = projectedRowKey(table, columns, row);
      if (!seen.has(key)) {
        seen.add(key);
        sequence.push(key);
      }
    }
    return sequence;
  };

  const assignment = findColumnAssignment({
    goldColumns,
    predictedColumns,
    signature: (column) => JSON.stringify([...new Set(column)].sort()),
    check: (assignedGold, assignedPredicted) => {
      // Projection commutes with de-duplication, so every prefix must already agree.
      const g = distinctSequence(goldColumns, assignedGold, goldRowCount);
      const p = distinctSequence(predictedColumns, assignedPredicted, predictedRowCount);
      if (g.length !== p.length) return false;
      if (options.orderMatters) return g.every((key, index) => key === p[index]);
      const pSet = new Set(p);
      return g.every((key) => pSet.has(key));
    },
  });
  return assignment !== null;
}

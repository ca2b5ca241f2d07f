import {
  countKeys,
  findColumnAssignment,
  projectedRowKey,
  sameCounts,
  toColumns,
} from './column-matching.js';
import { resultKeys, type ResultSet } from './result-set.js';

/**
 * Whether two results denote the same answer under the Spider test-suite rules (`result_eq` in
 * taoyds/test-suite-sql-eval): two empty results are equal; otherwise the row counts and the column
 * counts must match and some permutation of the predicted columns must make the rows equal, as a
 * sequence when `orderMatters` and as a multiset (duplicates count) otherwise. Column names are
 * ignored; values compare as Python's `==` does.
 *
 * The official code tries column permutations filtered by a random sample of rows; this search is
 * exact and deterministic (see `findColumnAssignment`), so it accepts exactly the same pairs.
 */
export function compareSpiderResults(
  gold: ResultSet,
  predicted: ResultSet,
  options: { orderMatters: boolean },
): boolean {
  if (gold.rows.length === 0 && predicted.rows.length === 0) return true;
  if (gold.rows.length !== predicted.rows.length) return false;
  const columnCount = gold.rows[0]!.length;
  if (predicted.rows[0]!.length !== columnCount) return false;

  const goldRows = resultKeys(gold);
  const predictedRows = resultKeys(predicted);

  // Quick rejection: each row with its values sorted must agree (in order or as a multiset).
  const unordered = (row: string[]): string => JSON.stringify([...row].sort());
  const goldUnordered = goldRows.map(unordered);
  const predictedUnordered = predictedRows.map(unordered);
  if (options.orderMatters) {
    if (goldUnordered.some((key, index) => key !== predictedUnordered[index])) return false;
  } else if (!sameCounts(countKeys(goldUnordered), countKeys(predictedUnordered))) {
    return false;
  }

  const goldColumns = toColumns(goldRows, columnCount);
  const predictedColumns = toColumns(predictedRows, columnCount);
  const rowCount = goldRows.length;

  if (options.orderMatters) {
    // Rows equal position by position: each gold column must equal some predicted column vector.
    const assignment = findColumnAssignment({
      goldColumns,
      predictedColumns,
      signature: (column) => JSON.stringify(column),
      check: () => true,
    });
    return assignment !== null;
  }

  const assignment = findColumnAssignment({
    goldColumns,
    predictedColumns,
    signature: (column) => JSON.stringify([...column].sort()),
    check: (assignedGold, assignedPredicted) => {
      if (assignedGold.length === 1) return true; // implied by the signature
      const goldCounts = new Map<string, number>();
      const predictedCounts = new Map<string, number>();
      for (let row = 0; row < rowCount; row++) {
        const g = projectedRowKey(goldColumns, assignedGold, row);
        goldCounts.set(g, (goldCounts.get(g) ?? 0) + 1);
        const p = projectedRowKey(predictedColumns, assignedPredicted, row);
        predictedCounts.set(p, (predictedCounts.get(p) ?? 0) + 1);
      }
      return sameCounts(goldCounts, predictedCounts);
    },
  });
  return assignment !== null;
}

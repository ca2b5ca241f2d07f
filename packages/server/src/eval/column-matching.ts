/**
 * Search for an injective assignment of gold columns to predicted columns under which a
 * whole-result check holds. Shared by the Spider (permutation) and defog (subset) comparisons.
 *
 * The search is exact (it never misses an assignment) but avoids trying orders blindly:
 * - a gold column may only go to a predicted column whose per-column signature matches (the
 *   caller decides what the signature is: the multiset of values, the distinct values, or the
 *   whole column vector);
 * - predicted columns holding the same vector are interchangeable, so only one of them is tried;
 * - gold columns holding the same vector take predicted columns in non-decreasing order, so
 *   mirror-image assignments are not tried twice;
 * - after each step `partialCheck` rejects assignments whose projection already differs.
 */
export interface ColumnMatchingProblem {
  /** `goldColumns[i]` is the vector of value keys of gold column i (one key per row). */
  goldColumns: string[][];
  predictedColumns: string[][];
  /** Per-column signature; a gold column may only map to a predicted column with the same one. */
  signature: (column: string[]) => string;
  /**
   * Checks an assignment of the gold columns listed in `assignedGold` (in assignment order) to
   * `predicted[k]`; called after each step with growing prefixes and once for the full assignment.
   */
  check: (assignedGold: number[], predicted: number[]) => boolean;
}

export function findColumnAssignment(problem: ColumnMatchingProblem): number[] | null {
  const { goldColumns, predictedColumns, signature, check } = problem;
  const goldCount = goldColumns.length;
  if (goldCount > predictedColumns.length) return null;
  if (goldCount === 0) return check([], []) ? [] : null;

  // Interchangeable predicted columns: identical vectors.
  const groupOfVector = new Map<string, number>();
  const groups: { members: number[]; signature: string }[] = [];
  predictedColumns.forEach((column, index) => {
    const vectorKey = JSON.stringify(column);
    let group = groupOfVector.get(vectorKey);
    if (group === undefined) {
      group = groups.length;
      groupOfVector.set(vectorKey, group);
      groups.push({ members: [], signature: signature(column) });
    }
    groups[group]!.members.push(index);
  });

  const goldVectorClass: number[] = [];
  const classOfVector = new Map<string, number>();
  const candidates: number[][] = goldColumns.map((column, index) => {
    const vectorKey = JSON.stringify(column);
    let cls = classOfVector.get(vectorKey);
    if (cls === undefined) {
      cls = classOfVector.size;
      classOfVector.set(vectorKey, cls);
    }
    goldVectorClass[index] = cls;
    const goldSignature = signature(column);
    const result: number[] = [];
    groups.forEach((group, groupIndex) => {
      if (group.signature === goldSignature) result.push(groupIndex);
    });
    return result;
  });
  if (candidates.some((list) => list.length === 0)) return null;

  // Most constrained gold columns first; equal gold columns next to each other.
  const order = [...goldColumns.keys()].sort(
    (a, b) =>
      candidates[a]!.length - candidates[b]!.length || goldVectorClass[a]! - goldVectorClass[b]! || a - b,
  );

  const used = groups.map(() => 0);
  const assignedGold: number[] = [];
  const assignedGroup: number[] = [];
  const assignedPredicted: number[] = [];

  const search = (depth: number): boolean => {
    if (depth === goldCount) return true;
    const gold = order[depth]!;
    // Symmetry breaking between identical gold columns.
    let minGroup = -1;
    if (depth > 0 && goldVectorClass[order[depth - 1]!] === goldVectorClass[gold]) {
      minGroup = assignedGroup[depth - 1]!;
    }
    for (const groupIndex of candidates[gold]!) {
      if (groupIndex < minGroup) continue;
      const group = groups[groupIndex]!;
      if (used[groupIndex]! >= group.members.length) continue;
      const predicted = group.members[used[groupIndex]!]!;
      used[groupIndex]!++;
      assignedGold.push(gold);
      assignedGroup.push(groupIndex);
      assignedPredicted.push(predicted);
      if (check(assignedGold, assignedPredicted) && search(depth + 1)) return true;
      used[groupIndex]!--;
      assignedGold.pop();
      assignedGroup.pop();
      assignedPredicted.pop();
    }
    return false;
  };

  if (!search(0)) return null;
  const mapping: number[] = new Array<number>(goldCount);
  assignedGold.forEach((gold, k) => {
    mapping[gold] = assignedPredicted[k]!;
  });
  return mapping;
}

/** Key of the projection of row `row` onto `columns` of a column-major table. */
export function projectedRowKey(table: string[][], columns: readonly number[], row: number): string {
  let key = '';
  for (const column of columns) {
    const value = table[column]![row]!;
    key += `${value.length}:${value}`;
  }
  return key;
}

/** Transposes row-major value keys into column-major vectors. */
export function toColumns(rows: string[][], columnCount: number): string[][] {
  const columns: string[][] = [];
  for (let c = 0; c < columnCount; c++) columns.push(rows.map((row) => row[c]!));
  return columns;
}

/** Counts of each key. */
export function countKeys(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

export function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, count] of a) if (b.get(key) !== count) return false;
  return true;
}

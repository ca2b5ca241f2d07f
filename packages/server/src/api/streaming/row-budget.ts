/** A range of evicted seqs, both ends included. */
export type SeqRange = [first: number, last: number];

/**
 * Byte accounting of one request's `rows` messages: which batches are kept, how many bytes they
 * take, and which seqs were evicted. Both event logs use it, so they evict the same way.
 */
export class RowBudget {
  private readonly kept: { seq: number; bytes: number }[] = [];
  /** Index of the oldest kept batch in `kept` (the array is compacted now and then, not shifted). */
  private head = 0;
  bytes = 0;
  readonly evicted: SeqRange[] = [];

  constructor(readonly maxBytes: number) {}

  /** Records a new batch and returns the seqs to evict so the rest fits (never the newest batch). */
  add(seq: number, bytes: number): number[] {
    this.kept.push({ seq, bytes });
    this.bytes += bytes;
    const out: number[] = [];
    while (this.bytes > this.maxBytes && this.kept.length - this.head > 1) {
      const oldest = this.evictOldest();
      if (oldest === undefined) break;
      out.push(oldest);
    }
    return out;
  }

  /** Evicts the oldest kept batch (for a budget shared by many requests); undefined when none is left. */
  evictOldest(): number | undefined {
    const oldest = this.kept[this.head];
    if (!oldest) return undefined;
    this.head += 1;
    this.bytes -= oldest.bytes;
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept.splice(0, this.head);
      this.head = 0;
    }
    const last = this.evicted[this.evicted.length - 1];
    if (last && last[1] === oldest.seq - 1) last[1] = oldest.seq;
    else this.evicted.push([oldest.seq, oldest.seq]);
    return oldest.seq;
  }

  /** Batches still kept. */
  get size(): number {
    return this.kept.length - this.head;
  }
}

/** The first evicted range with a seq after `afterSeq`, clipped to start after it. */
export function firstGoneAfter(evicted: readonly SeqRange[], afterSeq: number): SeqRange | undefined {
  for (const [first, last] of evicted) {
    if (last > afterSeq) return [Math.max(first, afterSeq + 1), last];
  }
  return undefined;
}

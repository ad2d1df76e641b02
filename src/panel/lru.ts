/** What an {@link Lru} may hold in all, in a unit of the caller's (bytes, say). */
export interface LruBudget<V> {
  max: number;
  /** An entry's share of the budget. */
  weigh(key: string, value: V): number;
}

/**
 * A map that keeps at most `max` entries, and with a `budget` at most that much weight, dropping
 * the least recently used: a Map's order is its insertion order, so a use moves an entry to the
 * end and the first entry goes first. An entry heavier than the whole budget is not kept.
 */
export class Lru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly max: number,
    private readonly budget?: LruBudget<V>,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The weight held (0 without a budget). */
  get weight(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry !== undefined) {
      this.map.delete(key);
      this.map.set(key, entry);
    }
    return entry?.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.budget ? this.budget.weigh(key, value) : 0;
    if (this.budget && weight > this.budget.max) return;
    this.map.set(key, { value, weight });
    this.total += weight;
    while (this.map.size > this.max || (this.budget && this.total > this.budget.max)) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.map.get(key);
    if (entry === undefined) return;
    this.map.delete(key);
    this.total -= entry.weight;
  }
}

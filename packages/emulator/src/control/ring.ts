// The newest `capacity` items, oldest first: the request journal and the alert deliveries.

export class Ring<T> {
  private items: T[] = [];
  constructor(private readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity * 2) this.items = this.items.slice(-this.capacity);
  }

  /** The newest `limit` (at most the capacity), oldest first. */
  last(limit = this.capacity): T[] {
    return this.items.slice(-Math.min(limit, this.capacity));
  }

  clear(): void {
    this.items = [];
  }
}

// IDs in the order they were added, iterable from either end, with O(1) add and delete: an
// array with holes and a position map, compacted once holes are half of it. A list page of the
// newest records reads from the end and stops when the page is full.

export class OrderedIds {
  private ids: (string | undefined)[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.at.size;
  }

  add(id: string): void {
    if (this.at.has(id)) return;
    this.at.set(id, this.ids.length);
    this.ids.push(id);
  }

  delete(id: string): void {
    const i = this.at.get(id);
    if (i === undefined) return;
    this.ids[i] = undefined;
    this.at.delete(id);
    const holes = this.ids.length - this.at.size;
    if (holes > 32 && holes * 2 > this.ids.length) this.compact();
  }

  *forward(): Generator<string> {
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id !== undefined) yield id;
    }
  }

  *backward(): Generator<string> {
    const ids = this.ids;
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i];
      if (id !== undefined) yield id;
    }
  }

  private compact(): void {
    const ids = this.ids.filter((id): id is string => id !== undefined);
    ids.forEach((id, i) => this.at.set(id, i));
    this.ids = ids;
  }
}

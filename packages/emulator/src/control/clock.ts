// The emulator's time: its clock (the machine's, or the one startEmulator was given) plus an
// offset that the control API moves, only forward. Every lifecycle and schedule reads `now`.

export class EmulatorClock {
  offset = 0;
  constructor(private readonly base: () => number) {}

  readonly now = (): number => this.base() + this.offset;

  /** Moves to `at`, which must not be before now and must be a time a Date can write (see `writable`). */
  moveTo(at: number): void {
    this.offset += at - this.now();
  }
}

/** The furthest from 1970 a Date goes (±8.64e15 ms): beyond it toISOString throws. */
export const DATE_LIMIT = 8.64e15;

/** True when `ms` is a time a Date can write. */
export const writable = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= DATE_LIMIT;

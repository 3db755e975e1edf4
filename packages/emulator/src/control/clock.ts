// The emulator's time: its clock (the machine's, or the one startEmulator was given) plus an
// offset that the control API moves, only forward. Every lifecycle and schedule reads `now`.

export class EmulatorClock {
  offset = 0;
  constructor(private readonly base: () => number) {}

  readonly now = (): number => this.base() + this.offset;

  /** Moves forward by `ms` (> 0). */
  advance(ms: number): void {
    this.offset += ms;
  }

  /** Moves to `at`, which must not be before now. */
  moveTo(at: number): void {
    this.offset += at - this.now();
  }
}

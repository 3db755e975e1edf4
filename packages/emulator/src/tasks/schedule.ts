// Schedules: a VIAS task with a `schedule` runs only inside its periods, in its time zone, and is
// SCHEDULING outside them (the state the ListTasks filter offers, 调度中), on the emulator's
// clock. `days_of_week` (1 Monday … 7 Sunday) or `days_of_month` say which local days; `periods`
// gives each listed day its segments — one list per day, in the order of the days, or one list
// for every day (the vendor's example has both forms). A segment `begin_at`–`end_at` is local
// `hh:mm:ss`; one that ends before it begins runs past midnight; one with a date
// (`yyyy-MM-ddThh:mm:ss`) is on that date only. How the service reads these is not documented
// beyond the fields; this is the emulator's reading.

export interface Schedule {
  type?: string;
  timezone?: string;
  days_of_week?: number[];
  days_of_month?: number[];
  periods?: { begin_at: string; end_at: string }[][];
}

const DAY = 86_400_000;

/** The time zone's offset in milliseconds (`+08:00`), 0 when it cannot be read. */
function offsetOf(timezone: string | undefined): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(timezone ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/** Milliseconds since local midnight of `hh:mm:ss`, or the absolute local time of a dated one. */
function timeOf(text: string): { ms: number; date?: number } {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2})T)?(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return { ms: 0 };
  const ms = ((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6])) * 1000;
  return m[1] ? { ms, date: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) } : { ms };
}

/** The segments of the local day starting at `midnight` (local ms since the epoch), as [start, end) local times. */
function segmentsOf(schedule: Schedule, midnight: number): [number, number][] {
  const date = new Date(midnight);
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  const days = schedule.type === 'monthly' ? schedule.days_of_month ?? [] : schedule.days_of_week ?? [];
  const day = schedule.type === 'monthly' ? date.getUTCDate() : weekday;
  const index = days.indexOf(day);
  if (index === -1) return [];
  const periods = schedule.periods ?? [];
  const today = periods.length === days.length ? periods[index] ?? [] : periods[0] ?? [];
  const out: [number, number][] = [];
  for (const { begin_at, end_at } of today) {
    const begin = timeOf(begin_at);
    const end = timeOf(end_at);
    if (begin.date !== undefined && begin.date !== midnight) continue;
    const start = midnight + begin.ms;
    out.push([start, end.ms > begin.ms ? midnight + end.ms : midnight + DAY + end.ms]);
  }
  return out;
}

/**
 * Whether `now` is inside one of the schedule's periods, and when that last changed (the start of
 * the period it is in, or the end of the last one; undefined when no period was found in the last
 * five weeks).
 */
export function scheduleAt(schedule: Schedule, now: number): { inside: boolean; since: number | undefined } {
  const offset = offsetOf(schedule.timezone);
  const local = now + offset;
  const today = Math.floor(local / DAY) * DAY;
  let since: number | undefined;
  let inside = false;
  // A segment may start the day before and run past midnight: look back far enough for months.
  for (let midnight = today - 35 * DAY; midnight <= today; midnight += DAY) {
    for (const [start, end] of segmentsOf(schedule, midnight)) {
      if (start <= local && local < end) {
        inside = true;
        since = start;
      } else if (end <= local && (since === undefined || end > since) && !inside) since = end;
    }
  }
  return { inside, since: since === undefined ? undefined : since - offset };
}

/**
 * Five-field cron (minute hour day-of-month month day-of-week) for experts:
 * *, lists, ranges and steps; day-of-month and day-of-week are ORed when both
 * are restricted, as in Vixie cron. Evaluated in the bot's timezone.
 */
export type CronSpec = {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  domStar: boolean;
  dowStar: boolean;
};

function field(text: string, min: number, max: number): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return null;
    const step = m[4] ? Number(m[4]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== "*") {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : m[4] ? max : lo;
    }
    if (step < 1 || lo < min || hi > max || lo > hi) return null;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseCron(expr: string): CronSpec | null {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [mi = "", ho = "", dom = "", mo = "", dow = ""] = parts;
  const minutes = field(mi, 0, 59);
  const hours = field(ho, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(mo, 1, 12);
  const weekdays = field(dow, 0, 7);
  if (!minutes || !hours || !days || !months || !weekdays) return null;
  // cron's Sunday is 0 or 7; ours is 7.
  const wd = new Set(weekdays.map((d) => (d === 0 ? 7 : d)));
  return { minutes, hours, days: new Set(days), months: new Set(months), weekdays: wd, domStar: dom === "*", dowStar: dow === "*" };
}

/** Whether a local date matches the day fields. */
export function cronDayMatches(spec: CronSpec, month: number, day: number, weekday: number): boolean {
  if (!spec.months.has(month)) return false;
  const domOk = spec.days.has(day);
  const dowOk = spec.weekdays.has(weekday);
  if (spec.domStar && spec.dowStar) return true;
  if (spec.domStar) return dowOk;
  if (spec.dowStar) return domOk;
  return domOk || dowOk;
}

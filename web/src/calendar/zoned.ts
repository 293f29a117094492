/**
 * Wall-clock arithmetic in a named time zone with the platform's Intl.DateTimeFormat only (no
 * date library: the calendar needs days, hours and a zone's offset, nothing more).
 *
 * A "day key" is a local calendar date `YYYY-MM-DD` in the brand's zone; a "local time" is a
 * wall time `YYYY-MM-DDTHH:MM[:SS]` without offset, which is what the API schedules with
 * (`local_time` + `time_zone`): the server, not the browser, turns it into an instant.
 */
export type WallParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string) {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, found);
  }
  return found;
}

/** The wall clock in ``zone`` at ``instant``. */
export function wallParts(instant: Date, zone: string): WallParts {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

export function dayKeyOf(p: Pick<WallParts, "year" | "month" | "day">): string {
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local date of ``instant`` in ``zone``. */
export function dayKey(instant: Date, zone: string): string {
  return dayKeyOf(wallParts(instant, zone));
}

export function parseDayKey(key: string): { year: number; month: number; day: number } {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  return { year, month, day };
}

/** ``key`` moved by ``days`` (calendar arithmetic, no zone involved). */
export function addDays(key: string, days: number): string {
  const { year, month, day } = parseDayKey(key);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return dayKeyOf({
    year: moved.getUTCFullYear(),
    month: moved.getUTCMonth() + 1,
    day: moved.getUTCDate(),
  });
}

/** 0 Monday … 6 Sunday, as the API counts weekdays. */
export function weekday(key: string): number {
  const { year, month, day } = parseDayKey(key);
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

export function startOfWeek(key: string): string {
  return addDays(key, -weekday(key));
}

export function startOfMonth(key: string): string {
  const { year, month } = parseDayKey(key);
  return dayKeyOf({ year, month, day: 1 });
}

export function addMonths(key: string, months: number): string {
  const { year, month } = parseDayKey(key);
  const moved = new Date(Date.UTC(year, month - 1 + months, 1));
  return dayKeyOf({ year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: 1 });
}

/** The instant the wall clock in ``zone`` shows ``key`` at ``hour``:``minute``. */
export function instantOf(key: string, zone: string, hour = 0, minute = 0): Date {
  const { year, month, day } = parseDayKey(key);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // the zone's offset at the guess, then again at the answer (it differs across a change)
  let guess = asUtc - offsetAt(new Date(asUtc), zone);
  guess = asUtc - offsetAt(new Date(guess), zone);
  return new Date(guess);
}

function offsetAt(instant: Date, zone: string): number {
  const p = wallParts(instant, zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** `YYYY-MM-DDTHH:MM:SS`, the API's `local_time`. */
export function localTime(key: string, hour: number, minute: number, second = 0): string {
  return `${key}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

export function formatDay(key: string, options: Intl.DateTimeFormatOptions): string {
  const { year, month, day } = parseDayKey(key);
  return new Intl.DateTimeFormat(undefined, { timeZone: "UTC", ...options }).format(
    new Date(Date.UTC(year, month - 1, day, 12)),
  );
}

export function formatTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
  }).format(instant);
}

export function formatInstant(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(instant);
}

export const hourLabel = (hour: number) => `${pad(hour)}:00`;

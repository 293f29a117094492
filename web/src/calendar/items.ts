/** The calendar's items: one piece at one time, with a publication per channel account. */
import type { Publication } from "./queries";
import { dayKey, wallParts } from "./zoned";

export type Item = {
  key: string;
  contentId: string;
  dueAt: Date;
  day: string;
  hour: number;
  minute: number;
  publications: Publication[];
};

/** Slot: a day (month view, the item keeps its time) or an hour of a day. */
export type Slot = { day: string; hour: number | null };

export function groupItems(publications: Publication[], zone: string): Item[] {
  const byKey = new Map<string, Item>();
  for (const p of publications) {
    const key = `${p.content_id}|${p.due_at}`;
    let item = byKey.get(key);
    if (!item) {
      const dueAt = new Date(p.due_at);
      const wall = wallParts(dueAt, zone);
      item = {
        key,
        contentId: p.content_id,
        dueAt,
        day: dayKey(dueAt, zone),
        hour: wall.hour,
        minute: wall.minute,
        publications: [],
      };
      byKey.set(key, item);
    }
    item.publications.push(p);
  }
  return [...byKey.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Status colours with AA contrast against white text (the default chip for the rest). */
export const STATUS_COLOURS: Record<string, string> = {
  published: "#1b5e20",
  failed: "#b71c1c",
  missed: "#b71c1c",
  outcome_unknown: "#8a4b00",
  publishing: "#0d47a1",
  claimed: "#0d47a1",
  taken_down: "#424242",
};

export const statusLabel = (status: string) => status.replace(/_/g, " ");

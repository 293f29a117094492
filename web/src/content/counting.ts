/**
 * Counting characters the way a channel does. The limits themselves come from the API
 * (GET /api/v1/compliance/channel-limits): each field names its `counting`, and this module
 * only knows how to count each way, as umt.domain.content.compliance.limits does.
 */
import type { ChannelLimits, FieldLimit } from "./api";

// umt.domain.content.compliance.text.URL: X counts each URL as 23 (t.co)
const URL = /(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]}]/giu;
const X_URL_LENGTH = 23;

function xWeight(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (char === "\ufe0f" || char === "\u200d" || (code >= 0x1f3fb && code <= 0x1f3ff)) return 0;
  if (
    code <= 0x10ff ||
    (code >= 0x2000 && code <= 0x200d) ||
    (code >= 0x2010 && code <= 0x201f) ||
    (code >= 0x2032 && code <= 0x2037)
  ) {
    return 1;
  }
  return 2;
}

// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W/F), which Google Ads counts 2
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function wideWeight(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return WIDE.some(([low, high]) => code >= low && code <= high) ? 2 : 1;
}

const sum = (text: string, weight: (char: string) => number) =>
  Array.from(text).reduce((total, char) => total + weight(char), 0);

/** The length of `text` counted the `counting` way (code points, X, double width, bytes). */
export function measure(text: string, counting: string): number {
  switch (counting) {
    case "x_weighted": {
      let total = 0;
      let position = 0;
      for (const match of text.matchAll(URL)) {
        total += sum(text.slice(position, match.index), xWeight) + X_URL_LENGTH;
        position = match.index + match[0].length;
      }
      return total + sum(text.slice(position), xWeight);
    }
    case "double_width":
      return sum(text, wideWeight);
    case "utf8_bytes":
      return new TextEncoder().encode(text).length;
    default:
      return Array.from(text).length;
  }
}

export type Budget = {
  field: string;
  used: number;
  limit: number; // the hard limit, else the recommended one
  left: number; // negative when over
  hard: boolean;
  counting: string;
  source: string;
};

/** What a field has left under a channel's limit, or null when the channel sets none. */
export function budget(limits: ChannelLimits | undefined, field: string, text: string): Budget | null {
  const limit: FieldLimit | undefined = limits?.fields.find((f) => f.field === field);
  const max = limit?.hard ?? limit?.recommended;
  if (!limit || max == null) return null;
  const used = measure(text, limit.counting);
  return {
    field,
    used,
    limit: max,
    left: max - used,
    hard: limit.hard != null,
    counting: limit.counting,
    source: limit.source ?? "",
  };
}

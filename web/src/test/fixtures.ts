/** Shapes the API answers, for the calendar and publication tests (one place to keep current). */
import { addDays, dayKey, instantOf } from "../calendar/zoned";

export const ZONE = "Asia/Tokyo";
export const BRAND = {
  id: "b1",
  name: "Lumen HR",
  time_zone: ZONE,
  industry: "",
  version: 1,
};

/** Tomorrow in the brand's zone (always inside the month grid), and a time on it. */
export const tomorrow = () => addDays(dayKey(new Date(), ZONE), 1);
export const dueAt = (day: string, hour: number, minute = 0) =>
  instantOf(day, ZONE, hour, minute).toISOString();

export function account(overrides: Record<string, unknown> = {}) {
  return {
    id: "a1",
    brand_id: "b1",
    channel: "linkedin",
    created_at: "2026-01-01T00:00:00Z",
    currency: null,
    daily_cap: null,
    details: {},
    external_id: "x1",
    has_own_credentials: false,
    integration_id: "i1",
    kind: "sandbox_account",
    min_spacing_minutes: 60,
    name: "Lumen social",
    platform: "sandbox",
    role: "publish",
    status: "active",
    status_reason: null,
    time_zone: ZONE,
    updated_at: "2026-01-01T00:00:00Z",
    version: 1,
    ...overrides,
  };
}

export function publication(overrides: Record<string, unknown> = {}) {
  return {
    id: "p1",
    attempts: [],
    brand_id: "b1",
    channel: "linkedin",
    channel_account_id: "a1",
    content_id: "c1",
    content_version_id: "v1",
    created_at: "2026-01-01T00:00:00Z",
    due_at: dueAt(tomorrow(), 10),
    failure: null,
    first_comment: null,
    first_comment_delivery: null,
    grace_seconds: 3600,
    kind: "post",
    lease_expires_at: null,
    lease_owner: null,
    local_time: `${tomorrow()}T10:00:00`,
    missed_policy: "skip",
    next_attempt_at: dueAt(tomorrow(), 10),
    project_id: null,
    published_at: null,
    remote_id: null,
    remote_url: null,
    rendering: {},
    schedule_id: null,
    status: "scheduled",
    time_zone: ZONE,
    updated_at: "2026-01-01T00:00:00Z",
    version: 3,
    ...overrides,
  };
}

export function piece(overrides: Record<string, unknown> = {}) {
  return {
    id: "c1",
    title: "Onboarding in a day",
    status: "approved",
    channel: "linkedin",
    content_type: "social_post",
    current_version: 2,
    brand_id: "b1",
    body: "Day one.",
    ...overrides,
  };
}


/** Answers of the API for the content screens' component tests, typed by its schema. */
import { http, HttpResponse } from "msw";

import type { ChannelLimits, Piece, Report } from "./api";

export const BRAND_ID = "0190a000-0000-7000-8000-000000000001";
export const PIECE_ID = "0190a000-0000-7000-8000-0000000000c1";

export function piece(overrides: Partial<Piece> = {}): Piece {
  return {
    id: PIECE_ID,
    brand_id: BRAND_ID,
    project_id: null,
    content_type: "social_post",
    channel: "x",
    locale: "en",
    title: "Fresh roast",
    body: "Our new roast is here.",
    fields: {
      subject: "",
      preheader: "",
      headlines: [],
      descriptions: [],
      hashtags: [],
      mentions: [],
      links: [],
      call_to_action: "",
      slug: "",
      meta_description: "",
      keywords: [],
    },
    media: [],
    status: "draft",
    status_reason: "",
    scheduled_for: null,
    current_version: 1,
    open_threads: 0,
    promoted_from_experiment: null,
    author: { kind: "user", user_id: "0190a000-0000-7000-8000-0000000000a1", agent: null },
    created_at: "2026-12-01T09:00:00Z",
    updated_at: "2026-12-01T09:00:00Z",
    version: 1,
    ...overrides,
  } as Piece;
}

export const LIMITS: ChannelLimits[] = [
  {
    channel: "x",
    content_type: "social_post",
    counting: "x_weighted",
    fields: [{ field: "body", counting: "x_weighted", hard: 280, recommended: null, forbidden: "", source: "X" }],
    counts: [],
    max_hashtags: null,
    max_mentions: null,
  },
  {
    channel: "linkedin",
    content_type: "social_post",
    counting: "code_points",
    fields: [{ field: "body", counting: "code_points", hard: 3000, recommended: null, forbidden: "", source: "LinkedIn" }],
    counts: [],
    max_hashtags: null,
    max_mentions: null,
  },
];

export const PASSED: Report = { score: 100, passed: true, violations: [], reading_grade: null };

export const problem = (status: number, detail: string, code = "problem") =>
  HttpResponse.json(
    { status, code, detail },
    { status, headers: { "Content-Type": "application/problem+json" } },
  );

export function me(permissions: string[]) {
  return {
    user: { id: "u", email: "ana@acme.example", display_name: "Ana" },
    organization: { id: "o", name: "Acme" },
    membership: { organization_id: "o", role: "owner", permissions, brand_ids: null },
    memberships: [],
  };
}

/** Signed in: the refresh the app starts with succeeds. */
export const signedIn = http.post("*/api/v1/auth/session/refresh", () =>
  HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, organization_id: "o" }),
);

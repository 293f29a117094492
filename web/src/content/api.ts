/** The content library's server state: pieces, versions, diffs, comments, limits, checks. */
import { queryOptions } from "@tanstack/react-query";

import { api } from "../api/client";
import { unwrap } from "../api/problems";
import type { components, paths } from "../api/schema";

export type Piece = components["schemas"]["ContentOut"];
export type Version = components["schemas"]["VersionOut"];
export type Diff = components["schemas"]["DiffOut"];
export type Comment = components["schemas"]["CommentOut"];
export type Report = components["schemas"]["ComplianceReportOut"];
export type Violation = components["schemas"]["ViolationOut"];
export type ChannelLimits = components["schemas"]["ChannelLimitsOut"];
export type FieldLimit = components["schemas"]["FieldLimitOut"];
export type CheckIn = components["schemas"]["ComplianceCheckIn"];

type ListQuery = NonNullable<
  paths["/api/v1/brands/{brand_id}/content"]["get"]["parameters"]["query"]
>;
export type ContentType = NonNullable<ListQuery["content_type"]>;
export type ChannelName = NonNullable<ListQuery["channel"]>;
export type Status = NonNullable<ListQuery["status"]>;

// the API's enumerations, as its document lists them (the compiler checks each name)
export const CONTENT_TYPES: ContentType[] = [
  "social_post",
  "blog_post",
  "email",
  "ad_copy",
  "landing_page",
  "video_script",
];
export const CHANNELS: ChannelName[] = [
  "linkedin",
  "facebook",
  "instagram",
  "x",
  "tiktok",
  "youtube",
  "pinterest",
  "email",
  "blog",
  "website",
  "google_ads",
  "meta_ads",
  "linkedin_ads",
];
export const STATUSES: Status[] = [
  "draft",
  "in_review",
  "changes_requested",
  "approved",
  "scheduled",
  "partly_published",
  "published",
  "failed",
  "archived",
];

const NAMES: Record<string, string> = {
  x: "X",
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  youtube: "YouTube",
  linkedin_ads: "LinkedIn Ads",
  google_ads: "Google Ads",
  meta_ads: "Meta Ads",
};

/** A name as people write it: "changes_requested" → "Changes requested", "x" → "X". */
export function label(name: string): string {
  if (name in NAMES) return NAMES[name] ?? name;
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type ListFilters = {
  q: string;
  status: Status | "";
  channel: ChannelName | "";
  content_type: ContentType | "";
};

export const PAGE_SIZE = 20;

export const contentPageQuery = (brandId: string, filters: ListFilters, cursor: string | null) =>
  queryOptions({
    queryKey: ["content", "list", brandId, filters, cursor],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/brands/{brand_id}/content", {
          params: {
            path: { brand_id: brandId },
            query: {
              limit: PAGE_SIZE,
              cursor: cursor ?? undefined,
              q: filters.q.trim() || undefined,
              sort: filters.q.trim() ? "-relevance" : "-created_at",
              status: filters.status || undefined,
              channel: filters.channel || undefined,
              content_type: filters.content_type || undefined,
            },
          },
        }),
      ),
  });

export const pieceQuery = (id: string) =>
  queryOptions({
    queryKey: ["content", "piece", id],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/content/{content_id}", { params: { path: { content_id: id } } })),
  });

export const versionsQuery = (id: string) =>
  queryOptions({
    queryKey: ["content", "versions", id],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/content/{content_id}/versions", {
          params: { path: { content_id: id } },
        }),
      ).items,
  });

export const diffQuery = (id: string, from: number, to: number) =>
  queryOptions({
    queryKey: ["content", "diff", id, from, to],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/content/{content_id}/diff", {
          params: { path: { content_id: id }, query: { from, to, granularity: "word" } },
        }),
      ),
  });

export const commentsQuery = (id: string) =>
  queryOptions({
    queryKey: ["content", "comments", id],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/content/{content_id}/comments", {
          params: { path: { content_id: id } },
        }),
      ).items,
  });

/** The compliance checker's limits table for one content type, every channel. */
export const limitsQuery = (contentType: string) =>
  queryOptions({
    queryKey: ["compliance", "channel-limits", contentType],
    staleTime: Infinity, // the table changes with a release, not while the page is open
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/compliance/channel-limits", {
          params: { query: { content_type: contentType as ContentType } },
        }),
      ).items,
  });

export async function checkCompliance(brandId: string, draft: CheckIn, signal?: AbortSignal) {
  return unwrap(
    await api.POST("/api/v1/brands/{brand_id}/compliance-check", {
      params: { path: { brand_id: brandId } },
      body: draft,
      signal,
    }),
  );
}

/** The ETag form of a piece's row version, for If-Match. */
export const etag = (piece: Piece) => `"${piece.version}"`;

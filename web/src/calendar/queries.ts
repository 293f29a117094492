/** What the calendar and publication screens read: publications, accounts, pieces, integrations. */
import { queryOptions } from "@tanstack/react-query";

import { api } from "../api/client";
import { unwrap } from "../api/problems";
import type { components, operations } from "../api/schema";

export type Publication = components["schemas"]["PublicationOut"];
export type ChannelAccount = components["schemas"]["ChannelAccountOut"];
export type Content = components["schemas"]["ContentOut"];

/** Statuses that still change on their own (the scheduler or the agent moves them on). */
export const IN_FLIGHT = new Set(["scheduled", "claimed", "publishing", "outcome_unknown"]);
/** Statuses a drag or a keyboard move may reschedule (the API refuses the others). */
export const MOVABLE = new Set(["scheduled", "missed", "failed"]);

type ListQuery = NonNullable<operations["ApiV1PublicationsListPublications"]["parameters"]["query"]>;

const SHOWN: ListQuery["status"] = [
  "scheduled",
  "claimed",
  "publishing",
  "outcome_unknown",
  "published",
  "failed",
  "missed",
  "taken_down",
];

/** Every publication of ``brandId`` due in [from, to), every page; cancelled ones left out. */
export const calendarQuery = (brandId: string, from: string, to: string) =>
  queryOptions({
    queryKey: ["publications", "calendar", brandId, from, to],
    queryFn: async () => {
      const found: Publication[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = unwrap(
          await api.GET("/api/v1/publications", {
            params: {
              query: { brand_id: brandId, from, to, status: SHOWN, limit: 200, cursor },
            },
          }),
        );
        found.push(...page.items);
        if (!page.next_cursor) return found;
        cursor = page.next_cursor;
      }
    },
    // while something is on its way out, keep watching it
    refetchInterval: (query) =>
      query.state.data?.some((p) => IN_FLIGHT.has(p.status)) ? 4000 : false,
  });

export const publicationQuery = (id: string) =>
  queryOptions({
    queryKey: ["publications", "one", id],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/publications/{publication_id}", {
          params: { path: { publication_id: id } },
        }),
      ),
    refetchInterval: (query) =>
      query.state.data && IN_FLIGHT.has(query.state.data.status) ? 3000 : false,
  });

export const accountsQuery = (brandId: string) =>
  queryOptions({
    queryKey: ["channel-accounts", brandId],
    queryFn: async () => {
      const found: ChannelAccount[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = unwrap(
          await api.GET("/api/v1/channel-accounts", {
            params: { query: { brand_id: brandId, limit: 200, cursor } },
          }),
        );
        found.push(...page.items);
        if (!page.next_cursor) return found;
        cursor = page.next_cursor;
      }
    },
  });

export const integrationsQuery = queryOptions({
  queryKey: ["integrations"],
  queryFn: async () => unwrap(await api.GET("/api/v1/integrations")).items,
});

/** A piece may go on the calendar once it has an approved version. */
export const SCHEDULABLE = new Set(["approved", "scheduled", "partly_published", "published", "failed"]);

export const piecesQuery = (brandId: string) =>
  queryOptions({
    queryKey: ["content", brandId, "all"],
    queryFn: async () => {
      const found: Content[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = unwrap(
          await api.GET("/api/v1/brands/{brand_id}/content", {
            params: { path: { brand_id: brandId }, query: { limit: 200, cursor } },
          }),
        );
        found.push(...page.items);
        if (!page.next_cursor) return found;
        cursor = page.next_cursor;
      }
    },
  });

export const contentQuery = (id: string) =>
  queryOptions({
    queryKey: ["content", "one", id],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/content/{content_id}", { params: { path: { content_id: id } } }),
      ),
  });

export const versionsQuery = (contentId: string) =>
  queryOptions({
    queryKey: ["content", "versions", contentId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/content/{content_id}/versions", {
          params: { path: { content_id: contentId } },
        }),
      ).items,
  });

/** Query keys and readers shared by the screens (server state lives in TanStack Query). */
import { queryOptions } from "@tanstack/react-query";

import { api } from "./client";
import { unwrap } from "./problems";
import type { components } from "./schema";

export type Brand = components["schemas"]["BrandOut"];
export type Me = components["schemas"]["MeOut"];

export const meQuery = queryOptions({
  queryKey: ["me"],
  queryFn: async () => unwrap(await api.GET("/api/v1/me")),
});

export const brandsQuery = queryOptions({
  queryKey: ["brands"],
  queryFn: async () => {
    const brands: Brand[] = [];
    let cursor: string | undefined;
    // every page: a switcher lists every brand the caller may see
    for (;;) {
      const page = unwrap(
        await api.GET("/api/v1/brands", { params: { query: { limit: 200, cursor } } }),
      );
      brands.push(...page.items);
      if (!page.next_cursor) return brands;
      cursor = page.next_cursor;
    }
  },
});

export const brandQuery = (brandId: string) =>
  queryOptions({
    queryKey: ["brands", brandId],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/brands/{brand_id}", { params: { path: { brand_id: brandId } } })),
  });

export type Member = components["schemas"]["MemberOut"];
export type Invitation = components["schemas"]["InvitationOut"];
export type ApiKey = components["schemas"]["ApiKeyOut"];
export type WebhookSubscription = components["schemas"]["SubscriptionOut"];
export type WebhookDelivery = components["schemas"]["DeliveryOut"];
export type AuditEntry = components["schemas"]["AuditEntryOut"];
export type Integration = components["schemas"]["IntegrationOut"];
export type PlatformInfo = components["schemas"]["PlatformOut"];
export type ChannelAccount = components["schemas"]["ChannelAccountOut"];

/** What the signed-in user may do here (GET /me): the screens show only the buttons that work. */
export function can(me: Me | undefined, permission: string): boolean {
  return Boolean(me?.membership.permissions.includes(permission));
}

export const membersQuery = queryOptions({
  queryKey: ["members"],
  queryFn: async () => unwrap(await api.GET("/api/v1/members")).items,
});

export const invitationsQuery = queryOptions({
  queryKey: ["invitations"],
  queryFn: async () => unwrap(await api.GET("/api/v1/invitations")).items,
});

export const apiKeysQuery = queryOptions({
  queryKey: ["api-keys"],
  queryFn: async () => unwrap(await api.GET("/api/v1/api-keys")).items,
});

export const webhooksQuery = queryOptions({
  queryKey: ["webhook-subscriptions"],
  queryFn: async () => unwrap(await api.GET("/api/v1/webhook-subscriptions")).items,
});

export const deliveriesQuery = (subscriptionId: string) =>
  queryOptions({
    queryKey: ["webhook-subscriptions", subscriptionId, "deliveries"],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/webhook-subscriptions/{subscription_id}/deliveries", {
          params: { path: { subscription_id: subscriptionId }, query: { limit: 50 } },
        }),
      ).items,
  });

export const integrationsQuery = queryOptions({
  queryKey: ["integrations"],
  queryFn: async () => unwrap(await api.GET("/api/v1/integrations")).items,
});

export const platformsQuery = queryOptions({
  queryKey: ["platforms"],
  queryFn: async () => unwrap(await api.GET("/api/v1/platforms")).items,
  staleTime: 5 * 60_000,
});

export const channelAccountsQuery = (integrationId: string) =>
  queryOptions({
    queryKey: ["channel-accounts", { integrationId }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/channel-accounts", {
          params: { query: { integration_id: integrationId, limit: 200 } },
        }),
      ).items,
  });

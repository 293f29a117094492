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

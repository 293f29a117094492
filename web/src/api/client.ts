/**
 * The typed API client: openapi-fetch over the types generated from umt's OpenAPI document
 * (src/api/schema.d.ts, `npm run api:types`; a test fails when they are stale).
 *
 * Every request carries the session's access token; a 401 refreshes the session once and
 * retries, so an access token that ran out mid-session costs the user nothing.
 */
import createClient, { type Middleware } from "openapi-fetch";

import { session, type Session } from "../auth/session";
import type { paths } from "./schema";

const retried = new WeakSet<Request>();

export function authMiddleware(owner: Session): Middleware {
  return {
    async onRequest({ request }) {
      const token = await owner.usable();
      if (token) request.headers.set("Authorization", `Bearer ${token.accessToken}`);
      return request;
    },
    async onResponse({ request, response }) {
      if (response.status !== 401 || retried.has(request)) return response;
      const token = await owner.refresh();
      if (!token) return response;
      const again = new Request(request, {
        headers: new Headers(request.headers),
      });
      again.headers.set("Authorization", `Bearer ${token.accessToken}`);
      retried.add(again);
      return fetch(again);
    },
  };
}

// the API is on the page's own origin (umt serve serves both)
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  // looked up per call, not captured once: tests (msw) and extensions may wrap fetch later
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(authMiddleware(session));

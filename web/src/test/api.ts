import { http, HttpResponse } from "msw";

/** The session refresh every screen's AuthProvider makes at start: signed in as ``org``. */
export const signedIn = (org = "o") =>
  http.post("*/api/v1/auth/session/refresh", () =>
    HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, organization_id: org }),
  );

/** A problem+json answer as umt sends it. */
export function problem(status: number, detail: string, errors?: { field: string; message: string }[]) {
  return HttpResponse.json(
    { status, code: "x", detail, ...(errors ? { errors } : {}) },
    { status, headers: { "Content-Type": "application/problem+json" } },
  );
}

/** GET /me for a member of ``role`` holding ``permissions``. */
export function me(role: string, permissions: string[]) {
  return http.get("*/api/v1/me", () =>
    HttpResponse.json({
      user: { id: "u1", email: "olga@acme.example", display_name: "Olga" },
      organization: { id: "o", name: "Acme" },
      membership: { organization_id: "o", organization_name: "Acme", role, permissions, brand_ids: null },
      memberships: [{ organization_id: "o", organization_name: "Acme", role, permissions, brand_ids: null }],
    }),
  );
}

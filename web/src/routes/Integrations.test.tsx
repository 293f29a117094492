import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { me, problem, signedIn } from "../test/api";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import Integrations from "./Integrations";

const platform = (name: string, auth = "oauth2") => ({
  platform: name,
  auth_method: auth,
  configured: true,
  capabilities: ["publish_text"],
  default_scopes: [],
  form_fields: auth === "oauth2" ? [] : [{ name: "api_key", label: "API key", secret: true }],
});
const integration = (id: string, name: string, status: string, extra = {}) => ({
  id,
  platform: name,
  status,
  account: { id: "a", name: `${name} account` },
  connected_at: "2026-12-08T00:00:00Z",
  created_at: "2026-12-08T00:00:00Z",
  updated_at: "2026-12-08T00:00:00Z",
  created_by: "u1",
  error_reason: null,
  last_health_check: null,
  last_sync_at: null,
  scopes: [],
  token_expires_at: null,
  ...extra,
});

beforeEach(() => {
  server.use(
    signedIn(),
    http.get("*/api/v1/platforms", () =>
      HttpResponse.json({
        items: [platform("sandbox"), platform("linkedin"), platform("x"), platform("mailchimp", "api_key")],
      }),
    ),
    http.get("*/api/v1/channel-accounts", () => HttpResponse.json({ items: [], next_cursor: null })),
  );
});

const show = () => renderAt("/integrations", [{ path: "/integrations", element: <Integrations /> }]);

test("a card per platform says connected, needs reconnect, error or not connected", async () => {
  server.use(
    me("owner", ["integrations:read", "integrations:manage"]),
    http.get("*/api/v1/integrations", () =>
      HttpResponse.json({
        items: [
          integration("i1", "sandbox", "connected", {
            last_health_check: { ok: true, reason: null, checked_at: "2026-12-08T00:00:00Z" },
          }),
          integration("i2", "linkedin", "needs_reauth"),
          integration("i3", "x", "error", { error_reason: "the platform refused the token" }),
        ],
      }),
    ),
  );
  show();
  const sandbox = await screen.findByRole("region", { name: "Sandbox" });
  expect(within(sandbox).getByText("Connected")).toBeInTheDocument();
  expect(within(sandbox).getByText(/Health: working/)).toBeInTheDocument();
  expect(within(sandbox).queryByRole("button", { name: /Reconnect/ })).not.toBeInTheDocument();
  const linkedin = screen.getByRole("region", { name: "Linkedin" });
  expect(within(linkedin).getByText("Needs reconnect")).toBeInTheDocument();
  expect(within(linkedin).getByRole("button", { name: "Reconnect Linkedin" })).toBeInTheDocument();
  const x = screen.getByRole("region", { name: "X" });
  expect(within(x).getByText("Error")).toBeInTheDocument();
  expect(within(x).getByText("the platform refused the token")).toBeInTheDocument();
  const mailchimp = screen.getByRole("region", { name: "Mailchimp" });
  expect(within(mailchimp).getByText("Not connected")).toBeInTheDocument();
});

test("a member who may only read sees no connect or health button", async () => {
  server.use(
    me("viewer", ["integrations:read"]),
    http.get("*/api/v1/integrations", () =>
      HttpResponse.json({ items: [integration("i1", "sandbox", "connected")] }),
    ),
  );
  show();
  await screen.findByRole("region", { name: "Sandbox" });
  expect(screen.queryByRole("button", { name: /Connect|Check health|Disconnect/ })).not.toBeInTheDocument();
});

test("a health check records its result and the card shows it", async () => {
  let checked = false;
  server.use(
    me("owner", ["integrations:read", "integrations:manage"]),
    http.get("*/api/v1/integrations", () =>
      HttpResponse.json({
        items: [
          integration("i1", "sandbox", "connected", {
            last_health_check: checked
              ? { ok: false, reason: "the token was revoked", checked_at: "2026-12-08T00:00:00Z" }
              : null,
          }),
        ],
      }),
    ),
    http.post("*/api/v1/integrations/i1/health-check", () => {
      checked = true;
      return HttpResponse.json(integration("i1", "sandbox", "needs_reauth"));
    }),
  );
  const user = userEvent.setup();
  show();
  await user.click(await screen.findByRole("button", { name: "Check health" }));
  expect(await screen.findByText(/failing \(the token was revoked\)/)).toBeInTheDocument();
});

test("a credentials platform's form shows the API's field errors", async () => {
  server.use(
    me("owner", ["integrations:read", "integrations:manage"]),
    http.get("*/api/v1/integrations", () => HttpResponse.json({ items: [] })),
    http.post("*/api/v1/integrations/mailchimp/connect", () =>
      problem(422, "the credentials were refused", [
        { field: "fields.api_key", message: "not a Mailchimp API key" },
      ]),
    ),
  );
  const user = userEvent.setup();
  show();
  await user.click(await screen.findByRole("button", { name: "Connect Mailchimp" }));
  await user.type(screen.getByLabelText("API key"), "nope");
  await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Connect" }));
  expect((await screen.findAllByText("not a Mailchimp API key")).length).toBeGreaterThan(0);
});

test("no integration list: the problem is shown", async () => {
  server.use(
    me("viewer", []),
    http.get("*/api/v1/integrations", () => problem(403, "you may not read integrations")),
  );
  show();
  expect(await screen.findByRole("alert")).toHaveTextContent("you may not read integrations");
});

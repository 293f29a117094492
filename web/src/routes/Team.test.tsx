import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { me, problem, signedIn } from "../test/api";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import Team from "./Team";

const OWNER = ["members:read", "members:manage", "api_keys:manage", "audit:read", "webhooks:manage", "brand:read"];
const members = [
  {
    user_id: "u1",
    email: "olga@acme.example",
    display_name: "Olga",
    role: "owner",
    brand_ids: null,
    joined_at: "2026-12-01T00:00:00Z",
    permissions: OWNER,
  },
  {
    user_id: "u2",
    email: "cem@acme.example",
    display_name: "",
    role: "content_creator",
    brand_ids: ["b1"],
    joined_at: "2026-12-02T00:00:00Z",
    permissions: ["brand:read"],
  },
];
const page = (items: unknown[]) => HttpResponse.json({ items, next_cursor: null });

beforeEach(() => {
  server.use(
    signedIn(),
    http.get("*/api/v1/members", () => HttpResponse.json({ items: members })),
    http.get("*/api/v1/invitations", () => HttpResponse.json({ items: [] })),
    http.get("*/api/v1/brands", () => page([{ id: "b1", name: "Acme Coffee" }])),
  );
});

const show = (path = "/team") => renderAt(path, [{ path: "/team", element: <Team /> }]);

test("an owner sees the members with their brands and the buttons to manage them", async () => {
  server.use(me("owner", OWNER));
  show();
  const table = await screen.findByRole("table", { name: "Members" });
  expect(within(table).getByText("cem@acme.example")).toBeInTheDocument();
  expect(await within(table).findByText("Acme Coffee")).toBeInTheDocument();
  expect(within(table).getByText("Every brand")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Remove cem@acme.example" })).toBeInTheDocument();
  expect(await screen.findByText("No pending invitation.")).toBeInTheDocument();
  expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual([
    "Members",
    "API keys",
    "Webhooks",
    "Audit log",
  ]);
});

test("a viewer sees the members but no button that would be refused", async () => {
  server.use(me("viewer", ["members:read", "brand:read"]));
  show();
  await screen.findByRole("table", { name: "Members" });
  expect(screen.queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Invite someone" })).not.toBeInTheDocument();
  expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Members"]);
});

test("a role change refused by the owner rules shows the problem and keeps the dialog", async () => {
  server.use(
    me("owner", OWNER),
    http.patch("*/api/v1/members/u1", () =>
      problem(409, "an organization keeps at least one owner"),
    ),
  );
  const user = userEvent.setup();
  show();
  await user.click(await screen.findByRole("button", { name: "Change olga@acme.example" }));
  await user.click(screen.getByRole("combobox", { name: "Role" }));
  await user.click(await screen.findByRole("option", { name: "Admin" }));
  await user.click(screen.getByRole("button", { name: "Save" }));
  expect(await screen.findByText("an organization keeps at least one owner")).toBeInTheDocument();
  expect(screen.getByRole("dialog")).toBeInTheDocument();
});

test("an invitation's field errors are shown next to their fields", async () => {
  server.use(
    me("owner", OWNER),
    http.post("*/api/v1/invitations", () =>
      problem(422, "invalid request", [{ field: "email", message: "not an email address" }]),
    ),
  );
  const user = userEvent.setup();
  show();
  await user.click(await screen.findByRole("button", { name: "Invite someone" }));
  await user.type(within(screen.getByRole("dialog")).getByLabelText(/Email/), "nope");
  await user.click(screen.getByRole("button", { name: "Send invitation" }));
  await waitFor(() => expect(screen.getAllByText("not an email address").length).toBeGreaterThan(0));
});

test("a new API key is shown once, with the chosen scopes sent", async () => {
  let sent: unknown = null;
  let keys: unknown[] = [];
  server.use(
    me("owner", OWNER),
    http.get("*/api/v1/api-keys", () => HttpResponse.json({ items: keys })),
    http.post("*/api/v1/api-keys", async ({ request }) => {
      sent = await request.json();
      const created = {
        id: "k1",
        name: "Reports",
        prefix: "umt_abc",
        scopes: ["brand:read"],
        created_at: "2026-12-08T00:00:00Z",
        created_by: "u1",
        expires_at: "2027-03-08T00:00:00Z",
        last_used_at: null,
        revoked_at: null,
      };
      keys = [created];
      return HttpResponse.json({ ...created, key: "umt_abc_thesecret" }, { status: 201 });
    }),
  );
  const user = userEvent.setup();
  show("/team?tab=api-keys");
  expect(await screen.findByText(/No API key yet/)).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "New API key" }));
  await user.type(within(screen.getByRole("dialog")).getByLabelText(/Name/), "Reports");
  await user.click(screen.getByRole("checkbox", { name: "brand:read" }));
  await user.click(screen.getByRole("button", { name: "Create" }));
  expect(await screen.findByText("umt_abc_thesecret")).toBeInTheDocument();
  expect(sent).toMatchObject({ name: "Reports", scopes: ["brand:read"] });
  expect(await screen.findByText("Reports (umt_abc…)")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Done" }));
  expect(screen.queryByText("umt_abc_thesecret")).not.toBeInTheDocument();
});

test("a webhook shows its delivery history", async () => {
  server.use(
    me("owner", OWNER),
    http.get("*/api/v1/webhook-subscriptions", () =>
      page([
        {
          id: "s1",
          url: "https://hooks.acme.example/umt",
          event_types: ["brand.*"],
          description: "",
          active: true,
          version: 1,
          created_at: "2026-12-08T00:00:00Z",
          updated_at: "2026-12-08T00:00:00Z",
        },
      ]),
    ),
    http.get("*/api/v1/webhook-subscriptions/s1/deliveries", () =>
      page([
        {
          id: "d1",
          subscription_id: "s1",
          event_id: "e1",
          event_type: "brand.created",
          status: "failed",
          attempts: 3,
          attempt_log: [],
          last_status_code: 500,
          last_error: null,
          next_attempt_at: null,
          replay_of: null,
          created_at: "2026-12-08T00:00:00Z",
          updated_at: "2026-12-08T00:00:00Z",
        },
      ]),
    ),
  );
  const user = userEvent.setup();
  show("/team?tab=webhooks");
  expect(await screen.findByText("https://hooks.acme.example/umt")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Deliveries" }));
  const table = await screen.findByRole("table", { name: "Deliveries" });
  expect(within(table).getByText("brand.created")).toBeInTheDocument();
  expect(within(table).getByText("500")).toBeInTheDocument();
});

test("the audit log pages with its cursor and sends the filters", async () => {
  const asked: URLSearchParams[] = [];
  server.use(
    me("owner", OWNER),
    http.get("*/api/v1/audit-log", ({ request }) => {
      const query = new URL(request.url).searchParams;
      asked.push(query);
      const entry = (id: string, action: string) => ({
        id,
        action,
        actor: { type: "user", id: "u1", on_behalf_of: null },
        resource_type: "brand",
        resource_id: "b1",
        occurred_at: "2026-12-08T00:00:00Z",
        before: null,
        after: null,
        ip: null,
        user_agent: null,
        request_id: null,
        trace_id: null,
      });
      if (query.get("cursor") === "c2") return page([entry("a2", "brand.archived")]);
      return HttpResponse.json({ items: [entry("a1", "brand.created")], next_cursor: "c2" });
    }),
  );
  const user = userEvent.setup();
  show("/team?tab=audit");
  expect(await screen.findByText("brand.created")).toBeInTheDocument();
  expect(await screen.findByText("user olga@acme.example")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Older" }));
  expect(await screen.findByText("brand.archived")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Newer" }));
  expect(await screen.findByText("brand.created")).toBeInTheDocument();
  await user.type(screen.getByLabelText("Action"), "brand.created");
  await user.click(screen.getByRole("button", { name: "Filter" }));
  await waitFor(() => expect(asked.at(-1)?.get("action")).toBe("brand.created"));
  expect(asked.at(-1)?.get("cursor")).toBeNull();
});

test("a failing members list shows the problem", async () => {
  server.use(
    me("owner", OWNER),
    http.get("*/api/v1/members", () => problem(403, "you may not list the members")),
  );
  show();
  expect(await screen.findByRole("alert")).toHaveTextContent("you may not list the members");
});

import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { addDays } from "../calendar/zoned";
import { account, BRAND, piece, publication, tomorrow, ZONE } from "../test/fixtures";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import Calendar from "./Calendar";

// two cores shared by several test runs: a first answer may take longer than the 1 s default
configure({ asyncUtilTimeout: 10_000 });

const page = (items: unknown[]) => HttpResponse.json({ items, next_cursor: null });

function api({
  publications = [publication()],
  accounts = [account()],
  integrations = [{ id: "i1", status: "connected", platform: "sandbox" }],
}: { publications?: unknown[]; accounts?: unknown[]; integrations?: unknown[] } = {}) {
  server.use(
    http.post("*/api/v1/auth/session/refresh", () =>
      HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, organization_id: "o" }),
    ),
    http.get("*/api/v1/brands", () => page([BRAND])),
    http.get("*/api/v1/publications", () => page(publications)),
    http.get("*/api/v1/channel-accounts", () => page(accounts)),
    http.get("*/api/v1/integrations", () => HttpResponse.json({ items: integrations })),
    http.get("*/api/v1/brands/b1/content", () => page([piece()])),
    http.get("*/api/v1/content/c1/versions", () =>
      HttpResponse.json({
        items: [
          { id: "v1", number: 1, note: "" },
          { id: "v2", number: 2, note: "Lead with day one" },
        ],
      }),
    ),
  );
}

const show = () => renderAt("/calendar", [{ path: "/calendar", element: <Calendar /> }]);

test("an item shows its piece, time and each channel's status, in the brand's zone", async () => {
  api({
    publications: [
      publication(),
      publication({ id: "p2", channel_account_id: "a2", channel: "facebook", status: "failed" }),
    ],
    accounts: [account(), account({ id: "a2", name: "Lumen page", channel: "facebook" })],
  });
  show();
  expect(await screen.findByText(`Lumen HR: times in ${ZONE}.`)).toBeInTheDocument();
  const social = await screen.findByRole("link", { name: "Lumen social · scheduled" });
  expect(social).toHaveAttribute("href", "/publications/p1");
  expect(screen.getByRole("link", { name: "Lumen page · failed" })).toHaveAttribute(
    "href",
    "/publications/p2",
  );
  // one item for the piece at its time, 10:00 in Tokyo whatever the test machine's zone
  expect(screen.getAllByRole("button", { name: /Onboarding in a day: move$/ })).toHaveLength(1);
  expect(screen.getByRole("button", { name: /Onboarding in a day: move$/ }).getAttribute("aria-label")).toMatch(
    /10:00/,
  );
});

test("an empty list view says so", async () => {
  api({ publications: [] });
  const user = userEvent.setup();
  show();
  await user.click(await screen.findByRole("button", { name: "List" }));
  expect(await screen.findByText(/Nothing on the calendar from/)).toBeInTheDocument();
});

test("a failing calendar shows the problem", async () => {
  api();
  server.use(
    http.get("*/api/v1/publications", () =>
      HttpResponse.json(
        { status: 403, code: "permission_denied", detail: "you may not read the calendar" },
        { status: 403, headers: { "Content-Type": "application/problem+json" } },
      ),
    ),
  );
  show();
  expect(await screen.findByRole("alert")).toHaveTextContent("you may not read the calendar");
});

test("an account whose connection needs signing in again raises the reconnect banner", async () => {
  api({ integrations: [{ id: "i1", status: "needs_reauth", platform: "sandbox" }] });
  show();
  const banner = await screen.findByText(/Reconnect needed/);
  expect(banner.closest("[role=alert]")).toHaveTextContent("Lumen social (sandbox, needs reauth)");
});

test("the keyboard moves an item a day later: one PATCH per channel with If-Match", async () => {
  api();
  const sent: { body: unknown; ifMatch: string | null }[] = [];
  server.use(
    http.patch("*/api/v1/publications/p1", async ({ request }) => {
      sent.push({ body: await request.json(), ifMatch: request.headers.get("If-Match") });
      return HttpResponse.json(publication({ version: 4 }));
    }),
  );
  const user = userEvent.setup();
  show();
  const handle = await screen.findByRole("button", { name: /Onboarding in a day: move$/ });
  handle.focus();
  await user.keyboard("{Enter}");
  expect(await screen.findByText(/Arrow keys choose a slot/)).toBeInTheDocument();
  await user.keyboard("{ArrowRight}");
  await user.keyboard("{Enter}");
  await waitFor(() => expect(sent).toHaveLength(1));
  expect(sent[0]).toEqual({
    body: { local_time: `${addDays(tomorrow(), 1)}T10:00:00`, time_zone: ZONE },
    ifMatch: '"3"',
  });
  expect(await screen.findByText(/^Moved Onboarding in a day/)).toBeInTheDocument();
});

test("a move into the past is refused before asking the API", async () => {
  api();
  let patched = false;
  server.use(
    http.patch("*/api/v1/publications/p1", () => {
      patched = true;
      return HttpResponse.json(publication());
    }),
  );
  const user = userEvent.setup();
  show();
  const handle = await screen.findByRole("button", { name: /Onboarding in a day: move$/ });
  handle.focus();
  await user.keyboard("{Enter}{ArrowLeft}{ArrowLeft}{ArrowLeft}{Enter}");
  expect(await screen.findByText(/has passed: choose a later slot/)).toBeInTheDocument();
  expect(patched).toBe(false);
});

test("a conflict the API answers is explained, with each conflict", async () => {
  api();
  server.use(
    http.patch("*/api/v1/publications/p1", () =>
      HttpResponse.json(
        {
          status: 409,
          code: "publication_conflicts",
          detail: "the time conflicts with the calendar",
          errors: [{ field: "at", message: "min_spacing: 30 minutes from another post" }],
        },
        { status: 409, headers: { "Content-Type": "application/problem+json" } },
      ),
    ),
  );
  const user = userEvent.setup();
  show();
  const handle = await screen.findByRole("button", { name: /Onboarding in a day: move$/ });
  handle.focus();
  await user.keyboard("{Enter}{ArrowRight}{Enter}");
  expect(await screen.findByText(/Moving it on Lumen social was refused/)).toHaveTextContent(
    /clashes with the account's calendar/,
  );
  const alert = screen.getAllByRole("alert").find((a) => a.textContent?.includes("min_spacing"));
  expect(alert).toHaveTextContent("at: min_spacing: 30 minutes from another post");
});

test("an empty future slot schedules an approved piece to the accounts picked", async () => {
  api({ publications: [] });
  let body: unknown = null;
  server.use(
    http.post("*/api/v1/publications", async ({ request }) => {
      body = await request.json();
      return HttpResponse.json({ items: [publication()] }, { status: 201 });
    }),
  );
  const user = userEvent.setup();
  show();
  const day = tomorrow();
  const slot = await screen.findAllByRole("button", { name: /^Schedule on/ });
  // tomorrow's cell: the month view's slots are in order, the past ones have no button
  const cell = document.querySelector(`[data-slot="${day}"]`) as HTMLElement;
  expect(slot.length).toBeGreaterThan(0);
  await user.click(within(cell).getByRole("button", { name: /^Schedule on/ }));
  const dialog = await screen.findByRole("dialog");
  expect(within(dialog).getByRole("button", { name: "Schedule" })).toBeDisabled();
  await user.click(within(dialog).getByLabelText("Approved piece"));
  await user.click(await screen.findByRole("option", { name: /Onboarding in a day/ }));
  expect(await within(dialog).findByText("Version 2 (approved): Lead with day one")).toBeInTheDocument();
  await user.click(within(dialog).getByRole("checkbox", { name: /Lumen social/ }));
  await user.click(within(dialog).getByRole("button", { name: "Schedule" }));
  await waitFor(() => expect(body).not.toBeNull());
  expect(body).toEqual({
    content_id: "c1",
    version_id: "v2",
    channel_account_ids: ["a1"],
    local_time: `${day}T09:00:00`,
    time_zone: ZONE,
    first_comment: null,
  });
  expect(await screen.findByText("Scheduled 1 publication.")).toBeInTheDocument();
});

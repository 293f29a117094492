import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { account, BRAND, piece, publication } from "../test/fixtures";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import Publications from "./Publications";

// two cores shared by several test runs: a first answer may take longer than the 1 s default
configure({ asyncUtilTimeout: 10_000 });

const page = (items: unknown[]) => HttpResponse.json({ items, next_cursor: null });

function api(list: (url: URL) => Response) {
  server.use(
    http.post("*/api/v1/auth/session/refresh", () =>
      HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, organization_id: "o" }),
    ),
    http.get("*/api/v1/brands", () => page([BRAND])),
    http.get("*/api/v1/channel-accounts", () => page([account()])),
    http.get("*/api/v1/brands/b1/content", () => page([piece()])),
    http.get("*/api/v1/publications", ({ request }) => list(new URL(request.url))),
  );
}

const show = () => renderAt("/publications", [{ path: "/publications", element: <Publications /> }]);

test("no publication yet points to the calendar", async () => {
  api(() => page([]));
  show();
  expect(await screen.findByText(/No publication yet/)).toBeInTheDocument();
});

test("a failing list shows the problem", async () => {
  api(() =>
    HttpResponse.json(
      { status: 403, code: "permission_denied", detail: "you may not read publications" },
      { status: 403, headers: { "Content-Type": "application/problem+json" } },
    ),
  );
  show();
  expect(await screen.findByRole("alert")).toHaveTextContent("you may not read publications");
});

test("each row: the piece, the account, the status, why it failed, the live post; filtered by status", async () => {
  const asked: URL[] = [];
  api((url) => {
    asked.push(url);
    return page([
      publication({
        status: "failed",
        failure: { reason: "rejected", rejection: null, detail: "text too long" },
      }),
      publication({
        id: "p2",
        status: "published",
        remote_url: "https://sandbox.example/p2",
      }),
    ]);
  });
  const user = userEvent.setup();
  show();
  const table = await screen.findByRole("table", { name: "Publications" });
  const rows = within(table).getAllByRole("row");
  expect(rows[1]).toHaveTextContent("Onboarding in a day");
  expect(rows[1]).toHaveTextContent("Lumen social");
  expect(rows[1]).toHaveTextContent("rejected: text too long");
  expect(within(rows[1] as HTMLElement).getByRole("link", { name: "Onboarding in a day" })).toHaveAttribute(
    "href",
    "/publications/p1",
  );
  expect(within(rows[2] as HTMLElement).getByRole("link", { name: "Open" })).toHaveAttribute(
    "href",
    "https://sandbox.example/p2",
  );
  expect(asked[0]?.searchParams.get("sort")).toBe("-due_at");
  expect(asked[0]?.searchParams.get("brand_id")).toBe("b1");

  await user.click(screen.getByLabelText("Status"));
  await user.click(await screen.findByRole("option", { name: "failed" }));
  await waitFor(() => expect(asked.at(-1)?.searchParams.getAll("status")).toEqual(["failed"]));
});

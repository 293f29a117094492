import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { server } from "../test/server";
import { renderAt } from "../test/render";
import Brands from "./Brands";

const page = (items: unknown[]) => HttpResponse.json({ items, next_cursor: null });

beforeEach(() => {
  server.use(
    http.post("*/api/v1/auth/session/refresh", () =>
      HttpResponse.json({
        access_token: "t",
        token_type: "Bearer",
        expires_in: 900,
        organization_id: "o",
      }),
    ),
  );
});

test("no brand yet shows the empty state, not an empty grid", async () => {
  server.use(http.get("*/api/v1/brands", () => page([])));
  renderAt("/brands", [{ path: "/brands", element: <Brands /> }]);
  expect(await screen.findByText(/No brand yet/)).toBeInTheDocument();
});

test("a failing list shows the problem's detail", async () => {
  server.use(
    http.get("*/api/v1/brands", () =>
      HttpResponse.json(
        { status: 403, code: "permission_denied", detail: "you may not list brands" },
        { status: 403, headers: { "Content-Type": "application/problem+json" } },
      ),
    ),
  );
  renderAt("/brands", [{ path: "/brands", element: <Brands /> }]);
  expect(await screen.findByRole("alert")).toHaveTextContent("you may not list brands");
});

test("creating a brand shows the API's field errors next to their fields", async () => {
  server.use(
    http.get("*/api/v1/brands", () => page([])),
    http.post("*/api/v1/brands", () =>
      HttpResponse.json(
        {
          status: 422,
          code: "validation_failed",
          detail: "the request does not match the schema",
          errors: [{ field: "time_zone", message: "unknown time zone 'Mars/Base'" }],
        },
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      ),
    ),
  );
  const user = userEvent.setup();
  renderAt("/brands", [{ path: "/brands", element: <Brands /> }]);
  await user.click(await screen.findByRole("button", { name: "New brand" }));
  await user.type(screen.getByLabelText(/Name/), "Acme Coffee");
  const zone = screen.getByLabelText("Time zone");
  await user.clear(zone);
  await user.type(zone, "Mars/Base");
  await user.click(screen.getByRole("button", { name: "Create" }));
  await waitFor(() =>
    expect(screen.getAllByText("unknown time zone 'Mars/Base'").length).toBeGreaterThan(0),
  );
  expect(screen.getByRole("dialog")).toBeInTheDocument(); // nothing created: the dialog stays
});

import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { vi } from "vitest";

import { BRAND_ID, piece, problem, signedIn } from "../content/fixtures";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import ContentLibrary from "./ContentLibrary";

const brand = { id: BRAND_ID, name: "Acme Coffee" };
// waits end on what the screen shows, not on a clock: generous bounds so a loaded machine
// (the compliance check is asked 400 ms after typing) never fails a test by chance
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const routes = [{ path: "/content", element: <ContentLibrary /> }];

beforeEach(() => {
  server.use(
    signedIn,
    http.get("*/api/v1/brands", () => HttpResponse.json({ items: [brand], next_cursor: null })),
  );
});

test("no piece yet shows the empty state", async () => {
  server.use(
    http.get("*/api/v1/brands/:id/content", () => HttpResponse.json({ items: [], next_cursor: null })),
  );
  renderAt("/content", routes);
  expect(await screen.findByText(/No content yet/)).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Content of Acme Coffee" })).toBeInTheDocument();
});

test("without a brand the screen says to choose one", async () => {
  server.use(http.get("*/api/v1/brands", () => HttpResponse.json({ items: [], next_cursor: null })));
  renderAt("/content", routes);
  expect(await screen.findByText(/create one/)).toBeInTheDocument();
});

test("a failing list shows the problem's detail", async () => {
  server.use(http.get("*/api/v1/brands/:id/content", () => problem(403, "you may not read content")));
  renderAt("/content", routes);
  expect(await screen.findByRole("alert")).toHaveTextContent("you may not read content");
});

test("filters and search go to the API, and pages follow its cursor", async () => {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get("*/api/v1/brands/:id/content", ({ request }) => {
      const query = new URL(request.url).searchParams;
      asked.push(query);
      if (query.get("cursor") === "page-2") {
        return HttpResponse.json({ items: [piece({ id: "p2", title: "Second page" })], next_cursor: null });
      }
      return HttpResponse.json({ items: [piece()], next_cursor: "page-2" });
    }),
  );
  const user = userEvent.setup();
  renderAt("/content", routes);
  expect(await screen.findByText("Fresh roast")).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "Next page" }));
  expect(await screen.findByText("Second page")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Previous page" }));
  expect(await screen.findByText("Fresh roast")).toBeInTheDocument();

  await user.type(screen.getByRole("searchbox", { name: "Search" }), "roast");
  await user.click(screen.getByLabelText("Status"));
  await user.click(await screen.findByRole("option", { name: "In review" }));
  await waitFor(() =>
    expect(
      asked.some((q) => q.get("q") === "roast" && q.get("status") === "in_review" && !q.get("cursor")),
    ).toBe(true),
  );
  const last = asked[asked.length - 1];
  expect(last?.get("sort")).toBe("-relevance");
});

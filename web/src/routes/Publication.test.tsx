import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { account, piece, publication } from "../test/fixtures";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import PublicationScreen from "./Publication";

// two cores shared by several test runs: a first answer may take longer than the 1 s default
configure({ asyncUtilTimeout: 10_000 });

const FAILED = publication({
  status: "failed",
  failure: { reason: "rejected", rejection: "content_policy", detail: "the platform refused the text" },
  attempts: [
    {
      number: 1,
      fence: 1,
      started_at: "2026-03-02T00:00:00Z",
      finished_at: "2026-03-02T00:00:02Z",
      outcome: "failed",
      reason: "rejected",
      rejection: "content_policy",
      remote_id: null,
      detail: "the platform refused the text",
    },
  ],
});

function api(one: Record<string, unknown>) {
  server.use(
    http.post("*/api/v1/auth/session/refresh", () =>
      HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, organization_id: "o" }),
    ),
    http.get("*/api/v1/publications/p1", () => HttpResponse.json(one)),
    http.get("*/api/v1/content/c1", () => HttpResponse.json(piece())),
    http.get("*/api/v1/channel-accounts", () =>
      HttpResponse.json({ items: [account()], next_cursor: null }),
    ),
  );
}

const show = () =>
  renderAt("/publications/p1", [
    { path: "/publications/:publicationId", element: <PublicationScreen /> },
  ]);

test("a failed publication shows its typed reason, its attempts, and may be retried", async () => {
  api(FAILED);
  let retried = false;
  server.use(
    http.post("*/api/v1/publications/p1/retry", () => {
      retried = true;
      return HttpResponse.json(publication({ status: "scheduled", attempts: FAILED.attempts }));
    }),
  );
  const user = userEvent.setup();
  show();
  expect(await screen.findByRole("heading", { name: "Onboarding in a day" })).toBeInTheDocument();
  expect(screen.getByRole("alert")).toHaveTextContent(
    "rejected (content policy): the platform refused the text",
  );
  const rows = screen.getByRole("table", { name: "Attempts" }).querySelectorAll("tbody tr");
  expect(rows).toHaveLength(1);
  expect(rows[0]).toHaveTextContent("rejected (content policy)");
  expect(screen.getByRole("button", { name: "Reconcile" })).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Retry" }));
  expect(await screen.findByText("Scheduled again, due now.")).toBeInTheDocument();
  expect(retried).toBe(true);
  await waitFor(() => expect(screen.getByRole("button", { name: "Retry" })).toBeDisabled());
});

test("a published one links to the live post; no attempt yet says so", async () => {
  api(
    publication({
      status: "published",
      remote_id: "r1",
      remote_url: "https://sandbox.example/posts/r1",
      published_at: "2026-03-02T01:00:00Z",
    }),
  );
  show();
  const link = await screen.findByRole("link", { name: "https://sandbox.example/posts/r1" });
  expect(link).toHaveAttribute("href", "https://sandbox.example/posts/r1");
  expect(screen.getByText(/No attempt yet/)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Retry" })).toBeDisabled();
});

test("reconcile of an unknown outcome shows its step; a refusal is explained", async () => {
  api(publication({ status: "outcome_unknown" }));
  server.use(
    http.post("*/api/v1/publications/p1/reconcile", () =>
      HttpResponse.json(
        { status: 409, code: "nothing_to_reconcile", detail: "its outcome is known" },
        { status: 409, headers: { "Content-Type": "application/problem+json" } },
      ),
    ),
  );
  const user = userEvent.setup();
  show();
  await user.click(await screen.findByRole("button", { name: "Reconcile" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("its outcome is known");
  expect(screen.getByText(/There is nothing to reconcile/)).toBeInTheDocument();
});

test("an unknown publication is a problem, not a blank page", async () => {
  server.use(
    http.post("*/api/v1/auth/session/refresh", () =>
      HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, organization_id: "o" }),
    ),
    http.get("*/api/v1/publications/p1", () =>
      HttpResponse.json(
        { status: 404, code: "not_found", detail: "no such publication" },
        { status: 404, headers: { "Content-Type": "application/problem+json" } },
      ),
    ),
  );
  show();
  expect(await screen.findByRole("alert")).toHaveTextContent("no such publication");
});

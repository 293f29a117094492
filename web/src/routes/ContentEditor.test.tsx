import { configure, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { vi } from "vitest";

import type { CheckIn } from "../content/api";
import { LIMITS, me, PASSED, piece, PIECE_ID, problem, signedIn } from "../content/fixtures";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import ContentEditor from "./ContentEditor";

// waits end on what the screen shows, not on a clock: generous bounds so a loaded machine
// (the compliance check is asked 400 ms after typing) never fails a test by chance
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });

const routes = [{ path: "/content/:contentId", element: <ContentEditor /> }];
const open = () => renderAt(`/content/${PIECE_ID}`, routes);
const WRITER = ["content:read", "content:write"];
const REVIEWER = [...WRITER, "content:approve"];

function api(options: { permissions?: string[]; status?: string } = {}) {
  server.use(
    signedIn,
    http.get("*/api/v1/me", () => HttpResponse.json(me(options.permissions ?? WRITER))),
    http.get("*/api/v1/content/:id", () =>
      HttpResponse.json(piece({ status: options.status ?? "draft" })),
    ),
    http.get("*/api/v1/compliance/channel-limits", () => HttpResponse.json({ items: LIMITS })),
    http.get("*/api/v1/content/:id/versions", () => HttpResponse.json({ items: [] })),
    http.get("*/api/v1/content/:id/comments", () => HttpResponse.json({ items: [] })),
    http.post("*/api/v1/brands/:id/compliance-check", async ({ request }) => {
      const draft = (await request.json()) as CheckIn;
      if ((draft.body ?? "").length <= 280) return HttpResponse.json(PASSED);
      return HttpResponse.json({
        score: 75,
        passed: false,
        reading_grade: null,
        violations: [
          {
            code: "too_long",
            severity: "error",
            location: "body",
            start: 280,
            end: draft.body?.length ?? 0,
            message: `body is ${draft.body?.length} characters; the limit on ${draft.channel} is 280`,
          },
        ],
      });
    }),
  );
}

test("a missing piece shows the problem", async () => {
  api();
  server.use(http.get("*/api/v1/content/:id", () => problem(404, "no such content", "not_found")));
  open();
  expect(await screen.findByRole("alert")).toHaveTextContent("no such content");
});

test("while the piece loads, the screen says so", async () => {
  api();
  open();
  expect(screen.getByRole("status")).toHaveTextContent("Loading");
  expect(await screen.findByRole("heading", { name: "Fresh roast" })).toBeInTheDocument();
});

test("typing past X's limit turns the counter negative and the check reports it", async () => {
  api();
  open();
  const left = await screen.findByTestId("left-body");
  expect(left).toHaveTextContent(String(280 - "Our new roast is here.".length));
  expect(await screen.findByText("No violation.")).toBeInTheDocument();

  const long = "a".repeat(300);
  fireEvent.change(screen.getByRole("textbox", { name: "Body" }), { target: { value: long } });
  expect(screen.getByTestId("left-body")).toHaveTextContent("-20");
  const violations = await screen.findByRole("list", { name: "Violations" });
  expect(violations).toHaveTextContent("too_long");
  expect(violations).toHaveTextContent("error");
  expect(violations).toHaveTextContent("body is 300 characters");

  // another channel's tab: the same text against LinkedIn's limit, from the API's table
  await userEvent.setup().click(screen.getByRole("tab", { name: "LinkedIn" }));
  expect(screen.getByTestId("left-body")).toHaveTextContent(String(3000 - 300));
});

test("saving sends the text with the piece's ETag as If-Match", async () => {
  api();
  let sent: { ifMatch: string | null; body: unknown } | null = null;
  server.use(
    http.patch("*/api/v1/content/:id", async ({ request }) => {
      sent = { ifMatch: request.headers.get("If-Match"), body: await request.json() };
      return HttpResponse.json(piece({ body: "Shorter.", current_version: 2, version: 2 }));
    }),
  );
  const user = userEvent.setup();
  open();
  await screen.findByRole("button", { name: "Save new version" }); // editable once /me says so
  const body = screen.getByRole("textbox", { name: "Body" });
  await user.clear(body);
  await user.type(body, "Shorter.");
  await user.click(screen.getByRole("button", { name: "Save new version" }));
  await waitFor(() => expect(sent).not.toBeNull());
  expect(sent).toMatchObject({ ifMatch: '"1"', body: { title: "Fresh roast", body: "Shorter." } });
  expect(await screen.findByText("Everything is saved.")).toBeInTheDocument();
});

test("a stale ETag's 412 is shown, and the text typed stays", async () => {
  api();
  server.use(
    http.patch("*/api/v1/content/:id", () =>
      problem(412, "the piece changed since you loaded it", "precondition_failed"),
    ),
  );
  const user = userEvent.setup();
  open();
  await screen.findByRole("button", { name: "Save new version" }); // editable once /me says so
  const body = screen.getByRole("textbox", { name: "Body" });
  await user.type(body, " More.");
  await user.click(screen.getByRole("button", { name: "Save new version" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("the piece changed since you loaded it");
  expect(body).toHaveValue("Our new roast is here. More.");
});

test("a writer may submit a draft but not approve it", async () => {
  api({ permissions: WRITER });
  open();
  expect(await screen.findByRole("button", { name: "Submit for review" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
});

test("a reviewer sees approve and request changes on a piece in review", async () => {
  api({ permissions: REVIEWER, status: "in_review" });
  let reason: unknown = null;
  server.use(
    http.post("*/api/v1/content/:id/request-changes", async ({ request }) => {
      reason = await request.json();
      return HttpResponse.json(piece({ status: "changes_requested", status_reason: "Name the origin" }));
    }),
  );
  const user = userEvent.setup();
  open();
  expect(await screen.findByRole("button", { name: "Approve" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Submit for review" })).not.toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Request changes" }));
  await user.type(screen.getByLabelText(/What should change/), "Name the origin");
  await user.click(screen.getByRole("button", { name: "Send back" }));
  await waitFor(() => expect(reason).toEqual({ reason: "Name the origin" }));
  expect(await screen.findByText(/changes requested: Name the origin/)).toBeInTheDocument();
});

test("a reader sees no editing and no review buttons", async () => {
  api({ permissions: ["content:read"] });
  open();
  expect(await screen.findByText("You may read this piece but not change it.")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Save new version" })).not.toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Submit for review" })).not.toBeInTheDocument();
});

test("versions show the API's word diff between two of them", async () => {
  api();
  const version = (number: number, note: string) => ({
    id: `v${number}`,
    number,
    note,
    author: { kind: "user", user_id: "u", agent: null },
    created_at: "2026-12-01T09:00:00Z",
    content_type: "social_post",
    channel: "x",
    locale: "en",
    title: "Fresh roast",
    body: "",
    fields: piece().fields,
    provenance: null,
  });
  let asked: URLSearchParams | null = null;
  server.use(
    http.get("*/api/v1/content/:id", () => HttpResponse.json(piece({ current_version: 2 }))),
    http.get("*/api/v1/content/:id/versions", () =>
      HttpResponse.json({ items: [version(1, ""), version(2, "shorter")] }),
    ),
    http.get("*/api/v1/content/:id/diff", ({ request }) => {
      asked = new URL(request.url).searchParams;
      return HttpResponse.json({
        from: 1,
        to: 2,
        granularity: "word",
        unified: "",
        fields: [
          {
            field: "body",
            unified: "",
            hunks: [
              { op: "equal", before: "Our roast ", after: "Our roast " },
              { op: "replace", before: "is here", after: "arrived" },
            ],
          },
        ],
      });
    }),
  );
  open();
  const changes = await screen.findByRole("region", { name: "Changes from version 1 to 2" });
  expect(changes.querySelector("del")).toHaveTextContent("is here");
  expect(changes.querySelector("ins")).toHaveTextContent("arrived");
  expect(asked!.get("from")).toBe("1");
  expect(asked!.get("to")).toBe("2");
  expect(screen.getByText(/shorter/)).toBeInTheDocument();
});

test("a comment is anchored to the selected saved text, in code points", async () => {
  api();
  const text = "😀 Our new roast";
  server.use(http.get("*/api/v1/content/:id", () => HttpResponse.json(piece({ body: text }))));
  let sent: unknown = null;
  server.use(
    http.post("*/api/v1/content/:id/comments", async ({ request }) => {
      sent = await request.json();
      return HttpResponse.json({}, { status: 201 });
    }),
  );
  const user = userEvent.setup();
  open();
  await screen.findByRole("button", { name: "Save new version" });
  const body = screen.getByRole("textbox", { name: "Body" }) as HTMLTextAreaElement;
  await user.click(body);
  const start = text.indexOf("roast"); // 11 UTF-16 units, 10 code points: the emoji is two units
  body.setSelectionRange(start, start + 5);
  fireEvent.keyUp(body);
  expect(await screen.findByText(/On the selected body text/)).toHaveTextContent("(10–15)");
  await user.type(screen.getByLabelText("New comment"), "Which roast?");
  await user.click(screen.getByRole("button", { name: "Comment" }));
  await waitFor(() =>
    expect(sent).toEqual({
      body: "Which roast?",
      version_number: 1,
      anchor: { field: "body", start: 10, end: 15 },
    }),
  );
});

test("an email's subject has its own counter, and saving sends the fields", async () => {
  api();
  const subject = {
    field: "fields.subject",
    counting: "code_points",
    hard: 150,
    recommended: 78,
    forbidden: "",
    source: "RFC 5322",
  };
  let sent: { fields?: { subject?: string } } | null = null;
  server.use(
    http.get("*/api/v1/content/:id", () =>
      HttpResponse.json(piece({ content_type: "email", channel: "email" })),
    ),
    http.get("*/api/v1/compliance/channel-limits", () =>
      HttpResponse.json({
        items: [{ ...LIMITS[1], channel: "email", content_type: "email", fields: [subject] }],
      }),
    ),
    http.patch("*/api/v1/content/:id", async ({ request }) => {
      sent = (await request.json()) as typeof sent;
      return HttpResponse.json(piece({ content_type: "email", channel: "email", version: 2 }));
    }),
  );
  const user = userEvent.setup();
  open();
  await screen.findByRole("button", { name: "Save new version" });
  fireEvent.change(screen.getByRole("textbox", { name: "Subject" }), {
    target: { value: "s".repeat(160) },
  });
  expect(screen.getByTestId("left-fields.subject")).toHaveTextContent("-10");
  await user.click(screen.getByRole("button", { name: "Save new version" }));
  await waitFor(() => expect(sent?.fields?.subject).toBe("s".repeat(160)));
});

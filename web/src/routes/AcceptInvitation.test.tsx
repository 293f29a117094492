import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";

import { problem } from "../test/api";
import { renderAt } from "../test/render";
import { server } from "../test/server";
import AcceptInvitation from "./AcceptInvitation";

const routes = [
  { path: "/accept-invitation", element: <AcceptInvitation /> },
  { path: "/", element: <p>signed in home</p> },
];

beforeEach(() => {
  // a fresh browser: no session cookie yet
  server.use(http.post("*/api/v1/auth/session/refresh", () => problem(401, "no session")));
});

test("the token is read from the fragment, posted in the body and the invitee lands signed in", async () => {
  const seen: { url: string; body: unknown }[] = [];
  server.use(
    http.post("*/api/v1/auth/session/invitation", async ({ request }) => {
      seen.push({ url: request.url, body: await request.json() });
      return HttpResponse.json({
        access_token: "t",
        token_type: "Bearer",
        expires_in: 900,
        organization_id: "o",
      });
    }),
  );
  window.history.replaceState(null, "", "/accept-invitation#token=umti_secret");
  const user = userEvent.setup();
  renderAt("/accept-invitation", routes);
  await user.type(await screen.findByLabelText(/Your name/), "Cem");
  await user.type(screen.getByLabelText(/^Password/), "another long passphrase");
  expect(window.location.hash).toBe(""); // out of the address bar once read
  await user.click(screen.getByRole("button", { name: "Join and sign in" }));
  expect(await screen.findByText("signed in home")).toBeInTheDocument();
  expect(seen).toHaveLength(1);
  expect(seen[0]?.url).not.toContain("umti_secret");
  expect(seen[0]?.body).toEqual({
    token: "umti_secret",
    password: "another long passphrase",
    display_name: "Cem",
  });
});

test("a refused password is shown next to its field and nothing navigates", async () => {
  server.use(
    http.post("*/api/v1/auth/session/invitation", () =>
      problem(422, "the password is too weak", [
        { field: "password", message: "this password is too common" },
      ]),
    ),
  );
  window.history.replaceState(null, "", "/accept-invitation#token=umti_other");
  const user = userEvent.setup();
  renderAt("/accept-invitation", routes);
  await user.type(await screen.findByLabelText(/^Password/), "password1234");
  await user.click(screen.getByRole("button", { name: "Join and sign in" }));
  await waitFor(() =>
    expect(screen.getAllByText(/this password is too common/).length).toBeGreaterThan(0),
  );
  expect(screen.getByRole("alert")).toHaveTextContent("the password is too weak");
  expect(screen.queryByText("signed in home")).not.toBeInTheDocument();
});

test("an expired or used invitation says so", async () => {
  server.use(
    http.post("*/api/v1/auth/session/invitation", () =>
      problem(400, "this invitation is invalid, used, revoked or expired"),
    ),
  );
  window.history.replaceState(null, "", "/accept-invitation#token=umti_spent");
  const user = userEvent.setup();
  renderAt("/accept-invitation", routes);
  await user.type(await screen.findByLabelText(/^Password/), "correct horse battery");
  await user.click(screen.getByRole("button", { name: "Join and sign in" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(/invalid, used, revoked or expired/);
});

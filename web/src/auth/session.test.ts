import { http, HttpResponse } from "msw";

import { server } from "../test/server";
import { Session } from "./session";

const answer = (token: string, organization = "org-1") =>
  HttpResponse.json({
    access_token: token,
    token_type: "Bearer",
    expires_in: 900,
    organization_id: organization,
  });

test("concurrent refreshes in a tab spend the cookie once", async () => {
  let calls = 0;
  server.use(
    http.post("*/api/v1/auth/session/refresh", async ({ request }) => {
      calls += 1;
      expect(request.headers.get("X-UMT-CSRF")).toBe("1");
      await new Promise((resolve) => setTimeout(resolve, 20));
      return answer(`access-${calls}`);
    }),
  );
  const session = new Session();
  const [a, b, c] = await Promise.all([session.refresh(), session.refresh(), session.usable()]);
  expect(calls).toBe(1);
  expect(a?.accessToken).toBe("access-1");
  expect(b).toBe(a);
  expect(c).toBe(a);
});

test("a refresh waits for the lock, and a tab that waited reuses the other's token", async () => {
  let calls = 0;
  server.use(
    http.post("*/api/v1/auth/session/refresh", () => {
      calls += 1;
      return answer(`access-${calls}`);
    }),
  );
  // a lock manager shared by two "tabs": one holder at a time, the others queue
  let tail: Promise<unknown> = Promise.resolve();
  const requested: string[] = [];
  const locks = {
    request: (name: string, _options: unknown, task: () => Promise<unknown>) => {
      requested.push(name);
      const run = tail.then(task);
      tail = run.catch(() => undefined);
      return run;
    },
  };
  Object.defineProperty(navigator, "locks", { value: locks, configurable: true });
  try {
    const first = new Session();
    const second = new Session();
    const one = await first.refresh();
    // the second tab heard the first one's token over the BroadcastChannel
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(second.current()?.accessToken).toBe(one?.accessToken);
    expect(await second.usable()).toEqual(one);
    expect(calls).toBe(1);
    expect(requested).toEqual(["umt-session-refresh"]);
  } finally {
    Reflect.deleteProperty(navigator, "locks");
  }
});

test("a refused refresh signs out, and signing out reaches every tab", async () => {
  server.use(
    http.post("*/api/v1/auth/session/refresh", () =>
      HttpResponse.json({ status: 401, code: "authentication_failed" }, { status: 401 }),
    ),
    http.post("*/api/v1/auth/session", () => answer("signed-in")),
    http.post("*/api/v1/auth/session/logout", () => new HttpResponse(null, { status: 204 })),
  );
  const tab = new Session();
  expect(await tab.refresh()).toBeNull();
  const other = new Session();
  await tab.signIn("ana@example.com", "a long passphrase");
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(other.current()?.accessToken).toBe("signed-in");
  const seen: unknown[] = [];
  other.subscribe((token) => seen.push(token));
  await tab.signOut();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(tab.current()).toBeNull();
  expect(other.current()).toBeNull();
  expect(seen).toEqual([null]);
});

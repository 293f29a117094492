// The calendar and publications in a real browser against a real umt: the setup (a user, a
// brand in Tokyo, two sandbox connections and their channel accounts, approved pieces) goes
// through the API as the README's tour does; then the marketer schedules a piece on two
// accounts from an empty slot, moves another with the keyboard and by dragging, watches the
// embedded scheduler publish, and opens a publication with its attempts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { axeViolations, launchBrowser, screenshot, startUmt } from "./harness.mjs";

const ZONE = "Asia/Tokyo"; // not the browser's zone: every time on screen is the brand's
const email = `cal-${Date.now()}@acme.example`;
const password = "correct horse battery staple";

let umt;
let browser;
let token;
let brandId;
const accounts = [];
const pieces = {};

async function call(method, path, body, headers = {}) {
  const answer = await fetch(`${umt.base}/api/v1${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  assert.ok(answer.ok, `${method} ${path}: ${answer.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The sandbox's OAuth dance, as README step 8 does it with curl. */
async function connectSandbox(name) {
  const authorize = await fetch(`${umt.base}/api/v1/integrations/sandbox/authorize`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: "{}",
  });
  assert.equal(authorize.status, 200, await authorize.clone().text());
  const cookie = authorize.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { authorization_url: url } = await authorize.json();
  const form = new URLSearchParams(new URL(url).search);
  form.delete("response_type");
  form.set("decision", "approve");
  form.set("account_id", "new");
  form.set("new_account_name", name);
  const consent = await fetch(`${umt.base}/sandbox/oauth/authorize`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  const back = consent.headers.get("location");
  assert.ok(back, `no redirect from the consent page: ${consent.status}`);
  const callback = await fetch(new URL(back, umt.base), { headers: { cookie } });
  const integration = await callback.json();
  assert.ok(integration.id, JSON.stringify(integration));
  return integration.id;
}

async function approvedPiece(title, body) {
  const piece = await call("POST", `/brands/${brandId}/content`, {
    content_type: "social_post",
    channel: "linkedin",
    title,
    body,
  });
  await call("POST", `/content/${piece.id}/submit`);
  await call("POST", `/content/${piece.id}/approve`);
  return piece.id;
}

/** Today's date and the wall clock in the brand's zone, ``seconds`` from now. */
function wallIn(seconds) {
  const at = new Date(Date.now() + seconds * 1000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: ZONE,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: parts.hour,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
}

const addDays = (day, n) => {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

before(async () => {
  umt = await startUmt();
  browser = await launchBrowser();
  await call("POST", "/auth/register", { email, password, organization_name: "Acme" });
  token = (await call("POST", "/auth/token", { email, password })).access_token;
  brandId = (await call("POST", "/brands", { name: "Lumen HR", time_zone: ZONE })).id;
  const linkedin = await connectSandbox("Lumen social");
  const page = await connectSandbox("Lumen page");
  for (const [integration, channel] of [
    [linkedin, "linkedin"],
    [page, "facebook"],
  ]) {
    const found = await call("POST", `/brands/${brandId}/channel-accounts/discover`, {
      integration_id: integration,
      channel,
    });
    accounts.push(...found.items.filter((a) => a.role === "publish"));
  }
  assert.equal(accounts.length, 2, JSON.stringify(accounts));
  pieces.launch = await approvedPiece("Onboarding in a day", "Day one, ready to work.");
  pieces.later = await approvedPiece("Payroll made simple", "Pay day without the spreadsheets.");
});

after(async () => {
  await browser?.close();
  await umt?.stop();
});

async function expectAccessible(page, screen) {
  // a colour still in its transition (a button just enabled) is not the colour that stays
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${screen}: ${JSON.stringify(violations, null, 2)}`);
}

async function signIn(page) {
  await page.goto(`${umt.base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Brands" }).waitFor();
}

async function publicationsOf(contentId) {
  return (await call("GET", `/publications?brand_id=${brandId}&content_id=${contentId}`)).items;
}

test("schedule from the calendar to two sandbox accounts and watch them publish", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await signIn(page);

  await page.getByRole("link", { name: "Calendar" }).first().click();
  await page.getByRole("heading", { name: "Calendar" }).waitFor();
  await page.getByText(`times in ${ZONE}`).waitFor();
  await expectAccessible(page, "calendar-month-empty");
  await screenshot(page, "cal-01-month-empty");

  // the day view; a click on the current hour's empty slot (still partly ahead of us)
  await page.getByRole("button", { name: "Day", exact: true }).click();
  const soon = wallIn(45);
  const slot = page.locator(`[data-slot="${soon.day}T${soon.hour}:00"]`);
  await slot.getByRole("button", { name: /^Schedule on/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Approved piece").click();
  await page.getByRole("option", { name: /Onboarding in a day/ }).click();
  await dialog.getByText(/^Version \d+ \(approved\)/).waitFor();
  for (const account of accounts) {
    await dialog.getByRole("checkbox", { name: new RegExp(account.name) }).check();
  }
  assert.equal(await dialog.getByLabel("Date").inputValue(), soon.day);
  await dialog.getByLabel(/^Time/).fill(wallIn(40).time);
  await expectAccessible(page, "schedule-dialog");
  await screenshot(page, "cal-02-schedule-dialog");
  await dialog.getByRole("button", { name: "Schedule" }).click();
  await page.getByText("Scheduled 2 publications.").waitFor();

  // the embedded scheduler publishes them when they are due; the calendar watches
  const item = page.locator("[data-item]").filter({ hasText: "Onboarding in a day" });
  await item.getByRole("link", { name: /· published/ }).nth(1).waitFor({ timeout: 120_000 });
  assert.equal(await item.getByRole("link", { name: /· published/ }).count(), 2);
  await expectAccessible(page, "calendar-day");
  await screenshot(page, "cal-03-day-published");

  // its publication: status, attempts and the live post
  await item.getByRole("link", { name: new RegExp(`${accounts[0].name} · published`) }).click();
  await page.getByRole("heading", { name: "Onboarding in a day" }).waitFor();
  await page.getByRole("table", { name: "Attempts" }).waitFor();
  const attempts = page.getByRole("table", { name: "Attempts" }).getByRole("row");
  assert.equal(await attempts.count(), 2); // the header and the one attempt
  assert.match(await attempts.nth(1).innerText(), /succeeded/);
  // the sandbox's posts have an id but no web address (its publisher answers no URL): the
  // screen shows the id then; a platform's URL is a link (Publication.test.tsx)
  const detail = await call("GET", `/publications/${new URL(page.url()).pathname.split("/").pop()}`);
  assert.equal(detail.status, "published");
  await page.getByText(`Remote id: ${detail.remote_id}`).waitFor();
  assert.equal(await page.getByRole("button", { name: "Retry" }).isDisabled(), true);
  await expectAccessible(page, "publication");
  await screenshot(page, "cal-04-publication");

  await page.getByRole("link", { name: "Publications" }).first().click();
  await page.getByRole("table", { name: "Publications" }).waitFor();
  assert.equal(
    await page.getByRole("table", { name: "Publications" }).getByText("published").count(),
    2,
  );
  await expectAccessible(page, "publications");
  await screenshot(page, "cal-05-publications");
  assert.deepEqual(errors, []);
  await context.close();
});

test("move a post with the keyboard and by dragging; a past slot refuses it", async () => {
  const today = wallIn(0).day;
  const tomorrow = addDays(today, 1);
  await call("POST", "/publications", {
    content_id: pieces.later,
    channel_account_ids: accounts.map((a) => a.id),
    local_time: `${tomorrow}T10:00:00`,
    time_zone: ZONE,
  });
  // tall enough that no slot needs scrolling to: a scroll in the middle of a drag loses it
  const context = await browser.newContext({ viewport: { width: 1280, height: 2600 } });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${umt.base}/calendar`);
  await page.getByRole("button", { name: "Week", exact: true }).click();
  const item = page.locator("[data-item]").filter({ hasText: "Payroll made simple" });
  await item.waitFor();
  // if tomorrow is next week, the week view shows it after one step
  if (!(await page.locator(`[data-slot="${tomorrow}T10:00"] [data-item]`).count())) {
    await page.getByRole("button", { name: "Next" }).click();
  }
  await page.locator(`[data-slot="${tomorrow}T10:00"] [data-item]`).waitFor();
  await expectAccessible(page, "calendar-week");
  await screenshot(page, "cal-06-week");

  // keyboard: pick it up, one hour later, confirm
  const handle = item.getByRole("button", { name: /move$/ });
  await handle.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await page.getByRole("status").filter({ hasText: /11:00/ }).waitFor();
  await page.keyboard.press("Enter");
  await page.getByText(/^Moved Payroll made simple/).waitFor();
  await page.locator(`[data-slot="${tomorrow}T11:00"] [data-item]`).waitFor();
  for (const p of await publicationsOf(pieces.later)) assert.equal(p.local_time.slice(11, 16), "11:00");

  // drag: to 14:00 the same day
  await page
    .locator(`[data-slot="${tomorrow}T11:00"] [data-item]`)
    .getByText("Payroll made simple")
    .dragTo(page.locator(`[data-slot="${tomorrow}T14:00"]`));
  await page.locator(`[data-slot="${tomorrow}T14:00"] [data-item]`).waitFor();
  for (const p of await publicationsOf(pieces.later)) assert.equal(p.local_time.slice(11, 16), "14:00");

  // a past slot takes no drop: yesterday's midnight is past in any zone
  const past = page.locator("[data-past]").first();
  if (await past.count()) {
    await page
      .locator(`[data-slot="${tomorrow}T14:00"] [data-item]`)
      .getByText("Payroll made simple")
      .dragTo(past);
    for (const p of await publicationsOf(pieces.later)) {
      assert.equal(p.local_time.slice(11, 16), "14:00");
    }
  }
  await context.close();
});

test("a conflict the API answers is explained, and narrow screens get the list", async () => {
  // a second piece an hour after the first on the same accounts, with a day's spacing
  const tomorrow = addDays(wallIn(0).day, 1);
  for (const account of accounts) {
    const current = await call("GET", `/channel-accounts/${account.id}`);
    await call(
      "PATCH",
      `/channel-accounts/${account.id}`,
      { min_spacing_minutes: 600 },
      { "If-Match": `"${current.version}"` },
    );
  }
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`${umt.base}/calendar`);
  await page.getByText("List view on a narrow screen.").waitFor();
  await page.locator("[data-item]").filter({ hasText: "Payroll made simple" }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width}px wide`);
  await expectAccessible(page, "calendar-list-375");
  await screenshot(page, "cal-07-list-375");

  await page.getByRole("button", { name: "Schedule a post" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Approved piece").click();
  await page.getByRole("option", { name: /Onboarding in a day/ }).click();
  await dialog.getByRole("checkbox", { name: new RegExp(accounts[0].name) }).check();
  await dialog.getByLabel("Date").fill(tomorrow);
  await dialog.getByLabel(/^Time/).fill("15:00:00");
  await dialog.getByRole("button", { name: "Schedule" }).click();
  await dialog.getByText(/clashes with the account's calendar/).waitFor();
  assert.match(await dialog.getByRole("alert").innerText(), /min_spacing|spacing/i);
  await expectAccessible(page, "schedule-conflict");
  await screenshot(page, "cal-08-conflict-375");
  await context.close();
});

// A marketer's session in a real browser against a real umt: register, create a brand, set
// its voice and styling, come back after a reload, work in two tabs at once, sign out.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { axeViolations, launchBrowser, screenshot, startUmt } from "./harness.mjs";

let umt;
let browser;
const email = `ana-${Date.now()}@acme.example`;
const password = "correct horse battery staple";

before(async () => {
  umt = await startUmt();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await umt?.stop();
});

async function expectAccessible(page, screen) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${screen}: ${JSON.stringify(violations, null, 2)}`);
}

function watchConsole(page) {
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

test("a marketer's first session", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchConsole(page);

  const first = await page.goto(`${umt.base}/`);
  assert.match(first.headers()["content-security-policy"], /script-src 'self';/);
  await page.getByRole("heading", { name: "Sign in to umt" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/sign-in");
  await expectAccessible(page, "sign-in");
  await screenshot(page, "01-sign-in");

  await page.getByRole("link", { name: /Create an account/ }).click();
  await page.getByLabel("Organization").fill("Acme");
  await page.getByLabel("Your name").fill("Ana");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await expectAccessible(page, "register");
  await screenshot(page, "02-register");
  await page.getByRole("button", { name: "Create account" }).click();

  await page.getByText(/No brand yet/).waitFor();
  await expectAccessible(page, "brands-empty");
  await screenshot(page, "03-brands-empty");
  // the refresh token is in an HttpOnly cookie: script cannot read it
  assert.equal(await page.evaluate(() => document.cookie.includes("umt_refresh")), false);

  await page.getByRole("button", { name: "New brand" }).click();
  await page.getByRole("dialog").getByLabel(/Name/).fill("Acme Coffee");
  await page.getByRole("dialog").getByLabel("Industry").fill("Coffee");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await expectAccessible(page, "new-brand");
  await page.getByRole("button", { name: "Create" }).click();
  await page.getByRole("heading", { name: "Acme Coffee" }).waitFor();

  await page.getByLabel(/^Tone/).fill("warm\nplayful");
  await page.getByLabel("Banned words").fill("cheap");
  await page.getByRole("button", { name: "Save voice" }).click();
  await page.getByText("Voice saved.").waitFor();
  await expectAccessible(page, "voice");
  await screenshot(page, "04-voice");

  await page.getByRole("tab", { name: "Styling" }).click();
  await page.getByRole("button", { name: "Add colour" }).click();
  await page.getByRole("button", { name: "Save styling" }).click();
  await page.getByText("Styling saved.").waitFor();
  await expectAccessible(page, "styling");
  await screenshot(page, "05-styling");

  // a reload keeps the session (from the cookie) and what was saved
  await page.reload();
  await page.getByRole("heading", { name: "Acme Coffee" }).waitFor();
  assert.equal(await page.getByLabel(/^Tone/).inputValue(), "warm\nplayful");

  assert.deepEqual(
    errors.filter((e) => !e.includes("401")), // the first visit's refresh without a session
    [],
  );
  await context.close();
});

test("two tabs refreshing at once stay signed in, and signing out reaches both", async () => {
  const context = await browser.newContext();
  const one = await context.newPage();
  await one.goto(`${umt.base}/sign-in`);
  await one.getByLabel("Email").fill(email);
  await one.getByLabel("Password").fill(password);
  await one.getByRole("button", { name: "Sign in" }).click();
  await one.getByRole("heading", { name: "Brands" }).waitFor();
  const two = await context.newPage();
  await two.goto(`${umt.base}/brands`);
  await two.getByRole("heading", { name: "Brands" }).waitFor();

  // each load starts with a refresh from the shared cookie: without the cross-tab lock the
  // second would present a spent token, which ends the whole sign-in
  for (let round = 0; round < 3; round += 1) {
    await Promise.all([one.reload(), two.reload()]);
    await Promise.all([
      one.getByRole("heading", { name: "Brands" }).waitFor(),
      two.getByRole("heading", { name: "Brands" }).waitFor(),
    ]);
  }
  assert.equal(new URL(one.url()).pathname, "/brands");
  assert.equal(new URL(two.url()).pathname, "/brands");

  await one.getByRole("button", { name: "Sign out" }).click();
  await one.getByRole("heading", { name: "Sign in to umt" }).waitFor();
  await two.getByRole("heading", { name: "Sign in to umt" }).waitFor();
  // and the cookie is gone: a new tab is signed out too
  const three = await context.newPage();
  await three.goto(`${umt.base}/brands`);
  await three.getByRole("heading", { name: "Sign in to umt" }).waitFor();
  await context.close();
});

test("narrow screens: the brands list fits 375 px without sideways scrolling", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${umt.base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Brands" }).waitFor();
  await page.getByText("Acme Coffee").first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width}px wide`);
  await expectAccessible(page, "brands-narrow");
  await screenshot(page, "06-brands-375");
  await context.close();
});

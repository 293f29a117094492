// The content library and editor in a real browser against a real umt: register, create a
// brand, write a piece, type past X's limit (the counter goes negative, the compliance check
// reports it), fix it, save a new version, compare versions, comment on a selection, submit.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { axeViolations, launchBrowser, screenshot, startUmt } from "./harness.mjs";

let umt;
let browser;
const email = `cleo-${Date.now()}@acme.example`;
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
  // name the offending elements by their text: generated class names say nothing
  const texts = await Promise.all(
    violations.flatMap((v) => v.nodes).map((n) => page.locator(n).first().textContent()),
  );
  assert.deepEqual(violations, [], `${screen}: ${JSON.stringify({ violations, texts }, null, 2)}`);
}

test("write a piece, fix it against X's limit, save, compare, comment and submit", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  await page.goto(`${umt.base}/register`);
  await page.getByLabel("Organization").fill("Acme");
  await page.getByLabel("Your name").fill("Cleo");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText(/No brand yet/).waitFor();
  await page.getByRole("button", { name: "New brand" }).click();
  await page.getByRole("dialog").getByLabel(/Name/).fill("Acme Coffee");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Create" }).click();
  await page.getByRole("heading", { name: "Acme Coffee" }).waitFor();

  // the library, empty
  await page.getByRole("link", { name: "Content" }).first().click();
  await page.getByRole("heading", { name: "Content of Acme Coffee" }).waitFor();
  await page.getByText(/No content yet/).waitFor();
  await expectAccessible(page, "content-empty");
  await screenshot(page, "content-01-library-empty");

  // a new X post
  await page.getByRole("button", { name: "New piece" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Channel").click();
  await page.getByRole("option", { name: "X", exact: true }).click();
  await page.locator(".MuiMenu-root").waitFor({ state: "detached" }); // the menu has faded out
  await dialog.getByLabel("Title").fill("Fresh roast");
  await dialog.getByLabel("Body").fill("Our new roast is here.");
  await expectAccessible(page, "new-piece");
  await screenshot(page, "content-02-new-piece");
  await dialog.getByRole("button", { name: "Create" }).click();
  await page.getByRole("heading", { name: "Fresh roast" }).waitFor();
  const left = page.getByTestId("left-body");
  await page.getByText("No violation.").waitFor();
  assert.equal(await left.textContent(), String(280 - "Our new roast is here.".length));

  // over X's 280: the counter goes negative and the check reports the length
  const body = page.getByRole("textbox", { name: "Body" });
  const long = "Our new roast is here, smooth and bright. ".repeat(8).trim();
  await body.fill(long);
  assert.equal(await left.textContent(), String(280 - long.length));
  assert.ok(Number(await left.textContent()) < 0);
  const violations = page.getByRole("list", { name: "Violations" });
  await violations.getByText(/too_long/).waitFor();
  await page.getByText(/Does not pass/).waitFor();
  await expectAccessible(page, "editor-over-limit");
  await screenshot(page, "content-03-editor-over-limit");

  // another channel's tab measures the same text against its own limit
  await page.getByRole("tab", { name: "LinkedIn" }).click();
  assert.equal(await left.textContent(), String(3000 - long.length));
  await page.getByText("No violation.").waitFor();
  await screenshot(page, "content-04-linkedin-tab");
  await page.getByRole("tab", { name: /Original/ }).click();

  // fixed: back under the limit, the violation goes
  const fixed = "Our new roast is here: smooth, bright and roasted this week.";
  await body.fill(fixed);
  assert.equal(await left.textContent(), String(280 - fixed.length));
  await page.getByText("No violation.").waitFor();
  await page.getByLabel("Note for this version").fill("shorter for X");
  await page.getByRole("button", { name: "Save new version" }).click();
  await page.getByText("Everything is saved.").waitFor();
  await page.getByText("Version 2 (current)").waitFor();

  // the API's diff between version 1 and 2
  const changes = page.getByRole("region", { name: "Changes from version 1 to 2" });
  await changes.locator("ins").first().waitFor();
  assert.match(await changes.textContent(), /roasted this week/);
  await screenshot(page, "content-05-saved-diff");

  // a comment anchored to the selected words of the saved body
  const start = fixed.indexOf("smooth");
  await body.click();
  await body.evaluate((el, [a, b]) => el.setSelectionRange(a, b), [start, start + 6]);
  await page.keyboard.press("Shift"); // a key up: React reads the selection then
  await page.getByText(`On the selected body text (${start}–${start + 6})`).waitFor();
  await page.getByLabel("New comment").fill("Is smooth the word we use?");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await page.getByText("“smooth”").waitFor();
  await page.getByLabel("Reply").fill("It is: keep it.");
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await page.getByText("↳ It is: keep it.").waitFor();

  // submit for review: the owner may approve, so the review buttons follow
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.getByRole("button", { name: "Approve" }).waitFor();
  await page.getByText("In review", { exact: true }).first().waitFor();
  await expectAccessible(page, "editor-in-review");
  await screenshot(page, "content-06-in-review");

  // sent back with a reason, submitted again, approved
  await page.getByRole("button", { name: "Request changes" }).click();
  await page.getByLabel(/What should change/).fill("Name the origin");
  await page.getByRole("button", { name: "Send back" }).click();
  await page.getByText(/changes requested: Name the origin/).waitFor();
  await page.getByText("Save a new version, then submit it again.").waitFor();
  await body.fill(`${fixed} From Huila, Colombia.`);
  await page.getByRole("button", { name: "Save new version" }).click();
  await page.getByText("Version 3 (current)").waitFor();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await page.getByText("Approved", { exact: true }).first().waitFor();
  assert.equal(await page.getByRole("button", { name: "Submit for review" }).count(), 0);

  // the library lists it, filtered by status and found by search
  await page.getByRole("link", { name: "← Content" }).click();
  await page.getByRole("heading", { name: "Content of Acme Coffee" }).waitFor();
  await page.getByRole("searchbox", { name: "Search" }).fill("roasted");
  await page.getByRole("list", { name: "Pieces" }).getByText("Fresh roast").waitFor();
  await page.getByRole("searchbox", { name: "Search" }).fill("decaf");
  await page.getByText("Nothing matches these filters.").waitFor();
  await page.getByRole("searchbox", { name: "Search" }).fill("");
  await page.getByLabel("Status").click();
  await page.getByRole("option", { name: "Approved" }).click();
  await page.locator(".MuiMenu-root").waitFor({ state: "detached" });
  await page.getByRole("list", { name: "Pieces" }).getByText("Fresh roast").waitFor();
  await expectAccessible(page, "library");
  await screenshot(page, "content-07-library");

  assert.deepEqual(
    errors.filter((e) => !e.includes("401")),
    [],
  );
  await context.close();
});

test("narrow screens: the editor fits 375 px without sideways scrolling", async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${umt.base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Brands" }).waitFor();
  await page.goto(`${umt.base}/content`);
  await page.getByRole("list", { name: "Pieces" }).getByText("Fresh roast").click();
  await page.getByRole("heading", { name: "Fresh roast" }).waitFor();
  await page.getByText("No violation.").waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the page is ${width}px wide`);
  await expectAccessible(page, "editor-narrow");
  await screenshot(page, "content-08-editor-375");
  await context.close();
});

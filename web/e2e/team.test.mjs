// A team forms in real browsers against a real umt: the owner invites a colleague, who opens
// the mailed link in a browser of their own, chooses a password and lands signed in; the owner
// creates an API key (shown once) and connects the sandbox platform through its OAuth popup.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { axeViolations, launchBrowser, screenshot, startUmt } from "./harness.mjs";

let umt;
let browser;
const owner = `olga-${Date.now()}@acme.example`;
const colleague = `cem-${Date.now()}@acme.example`;
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
  // a dialog fading in has, for a moment, text of too little contrast: measure the settled page
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running"),
  );
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

/** The invitation token of the mail sent to ``email`` (quoted-printable undone). */
function invitationToken(email) {
  const folder = umt.mails();
  for (const name of readdirSync(folder).sort().reverse()) {
    const text = readFileSync(join(folder, name), "utf8")
      .replace(/=\r?\n/g, "")
      .replace(/=3D/g, "=");
    if (!text.includes(`To: ${email}`)) continue;
    const match = text.match(/accept-invitation#token=([A-Za-z0-9_-]+)/);
    if (match) return { link: match[0], token: match[1] };
  }
  throw new Error(`no invitation mailed to ${email}`);
}

test("an owner invites a colleague, makes an API key and connects the sandbox", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchConsole(page);

  await page.goto(`${umt.base}/register`);
  await page.getByLabel("Organization").fill("Acme");
  await page.getByLabel("Your name").fill("Olga");
  await page.getByLabel("Email").fill(owner);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText(/No brand yet/).waitFor();

  // team: the owner is the only member and invites a colleague
  await page.getByRole("link", { name: "Team and settings" }).click();
  await page.getByRole("table", { name: "Members" }).getByText(owner).waitFor();
  await page.getByText("No pending invitation.").waitFor();
  await expectAccessible(page, "team-members");
  await screenshot(page, "team-01-members");
  await page.getByRole("button", { name: "Invite someone" }).click();
  await page.getByRole("dialog").getByLabel("Email").fill(colleague);
  await expectAccessible(page, "team-invite");
  await screenshot(page, "team-02-invite");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await page.getByText(`Invitation mailed to ${colleague}.`).waitFor();
  await page.getByRole("list", { name: "Pending invitations" }).getByText(colleague).waitFor();

  // the colleague opens the mailed link in a browser of their own
  const { link, token } = invitationToken(colleague);
  assert.ok(link.length > 30);
  const theirs = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const invited = await theirs.newPage();
  const invitedErrors = watchConsole(invited);
  const requests = [];
  invited.on("request", (request) => requests.push(request.url()));
  await invited.goto(`${umt.base}/accept-invitation#token=${token}`);
  await invited.getByRole("heading", { name: "Join your team on umt" }).waitFor();
  // the token left the address bar and never went to a server in a URL
  assert.equal(new URL(invited.url()).hash, "");
  await invited.getByLabel("Your name (optional)").fill("Cem");
  await invited.getByLabel("Password").fill("another long passphrase");
  await expectAccessible(invited, "accept-invitation");
  await screenshot(invited, "team-03-accept-invitation");
  await invited.getByRole("button", { name: "Join and sign in" }).click();
  await invited.getByRole("heading", { name: "Brands" }).waitFor();
  assert.equal(new URL(invited.url()).pathname, "/brands");
  assert.ok(!requests.some((url) => url.includes(token)), "the token travelled in a URL");
  // signed in with the cookie: a reload keeps them in
  await invited.reload();
  await invited.getByRole("heading", { name: "Brands" }).waitFor();
  await screenshot(invited, "team-04-invited-signed-in");
  // only the first visit's refresh without a session may fail
  assert.deepEqual(invitedErrors.filter((e) => !e.includes("401")), []);
  await theirs.close();

  // the owner sees the new member; the invitation is no longer pending
  await page.reload();
  await page.getByRole("table", { name: "Members" }).getByText(colleague).waitFor();
  await page.getByText("No pending invitation.").waitFor();

  // an API key, shown once
  await page.getByRole("tab", { name: "API keys" }).click();
  await page.getByText(/No API key yet/).waitFor();
  await page.getByRole("button", { name: "New API key" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Reporting script");
  await page.getByRole("checkbox", { name: "brand:read" }).check();
  await expectAccessible(page, "api-key-create");
  await page.getByRole("button", { name: "Create" }).click();
  await screenshot(page, "team-05-api-key-once");
  const shown = await page.getByTestId("new-api-key").textContent();
  assert.ok(shown && shown.length > 20, shown);
  await page.getByRole("list", { name: "API keys" }).getByText(/Reporting script/).waitFor();
  await expectAccessible(page, "api-keys");
  await screenshot(page, "team-05-api-key-once");
  await page.reload();
  await page.getByRole("list", { name: "API keys" }).getByText(/Reporting script/).waitFor();
  assert.equal(await page.getByText(shown).count(), 0, "the key was shown a second time");

  // the audit log recorded it all
  await page.getByRole("tab", { name: "Audit log" }).click();
  await page.getByRole("table", { name: "Audit log" }).waitFor();
  await page.getByLabel("Action").fill("identity.api_key_created");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("cell", { name: "identity.api_key_created" }).first().waitFor();
  await expectAccessible(page, "audit-log");
  await screenshot(page, "team-06-audit-log");

  // integrations: the sandbox connects through its (local) OAuth consent in a popup
  await page.getByRole("link", { name: "Integrations" }).click();
  const sandbox = page.getByRole("region", { name: "Sandbox" });
  await sandbox.getByText("Not connected").waitFor();
  await expectAccessible(page, "integrations");
  await screenshot(page, "team-07-integrations");
  const opened = page.waitForEvent("popup");
  await sandbox.getByRole("button", { name: "Connect Sandbox" }).click();
  const popup = await opened;
  await popup.getByRole("textbox", { name: "New account name" }).fill("Acme Sandbox");
  await screenshot(popup, "team-08-sandbox-consent");
  await popup.getByRole("button", { name: "Approve" }).click();
  await sandbox.getByText("Connected", { exact: true }).waitFor();
  await sandbox.getByText("Account: Acme Sandbox").waitFor();
  await sandbox.getByRole("button", { name: "Check health" }).click();
  await sandbox.getByText(/Health: working/).waitFor();
  await expectAccessible(page, "integrations-connected");
  await screenshot(page, "team-09-sandbox-connected");

  assert.deepEqual(errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

// The end-to-end harness: a real `umt serve` on a free port with a throwaway SQLite database
// and the embedded defaults, serving the built app, driven by Debian's chromium through
// playwright-core (never a downloaded browser).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = join(here, "artifacts");
const CHROMIUM = process.env.UMT_CHROMIUM ?? "/usr/bin/chromium";
const UMT = resolve(here, "..", process.env.UMT_BIN ?? "../.venv/bin/umt");

async function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function waitForReady(base, child, seconds = 90) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`umt serve exited with ${child.exitCode}`);
    try {
      const answer = await fetch(`${base}/health/ready`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`umt serve was not ready within ${seconds}s`);
}

/** Starts umt (migrated, embedded defaults, the built app) and returns its base URL. */
export async function startUmt() {
  const data = mkdtempSync(join(tmpdir(), "umt-e2e-"));
  const port = await freePort();
  const env = {
    ...process.env,
    UMT_ENVIRONMENT: "development",
    UMT_DATA_DIR: data,
    UMT_DATABASE_URL: `sqlite+aiosqlite:///${join(data, "umt.db")}`,
    UMT_BROKER_URL: "",
    UMT_REDIS_URL: "",
    UMT_WEB_DIR: resolve(here, "..", "dist"),
    UMT_LOG_LEVEL: "WARNING",
    // the links umt mails and the OAuth redirect URI it registers point at this server
    UMT_PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  };
  const migrated = spawnSync(UMT, ["migrate"], { env, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`umt migrate failed: ${migrated.stderr}`);
  const child = spawn(UMT, ["serve", "--no-migrate", "--host", "127.0.0.1", "--port", String(port)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk) => {
    log = (log + chunk).slice(-20_000);
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(base, child);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${error.message}\n${log}`);
  }
  return {
    base,
    data,
    mails: () => join(data, "mail"),
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// Bounds on each wait, not sleeps: a passing step returns as soon as it holds. Playwright's
// 30 s default is missed on a two-core machine busy with other work (a reload of two tabs at
// once, each starting the app and refreshing its session under the cross-tab lock).
const WAIT_MS = 120_000;

export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    return context;
  };
  return browser;
}

const AXE = readFileSync(resolve(here, "..", "node_modules", "axe-core", "axe.min.js"), "utf8");

/** The serious and critical accessibility violations axe-core finds on the page. */
export async function axeViolations(page) {
  // a dialog or menu still fading in has its colours mid-way: contrast is judged at rest
  // (an endless animation, a spinner, never comes to rest and is left out)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  // evaluated through the DevTools protocol, which the page's CSP does not govern
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const run = await window.axe.run(document, { resultTypes: ["violations"] });
    return run.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return result;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { WEB_DIST } from "./harness.ts";

/** Debian's Chromium; `npm test` installs it with apt where it is missing. */
const CHROMIUM = "/usr/bin/chromium";

// On a closed network Chromium must not reach out on its own (updates, sync, QUIC).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium for a browser test, saying what to do when the UI or Chromium is missing. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    throw new Error("build the admin UI first: npm run build:web");
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: npm test installs it with apt`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The first visit's setup form: creates the owner account and signs in. */
export async function createOwnerInBrowser(page: Page, email = "owner@example.jp"): Promise<void> {
  await page.getByTestId("setup-email").fill(email);
  await page.getByTestId("setup-password").fill("a long enough password");
  await page.getByTestId("setup-password-confirm").fill("a long enough password");
  await page.getByTestId("setup-submit").click();
}

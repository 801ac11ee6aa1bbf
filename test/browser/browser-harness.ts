// What the browser tests share: a current build of the web app, the real
// `hotline start` process with the demo center, and Debian's Chromium driven
// through playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  printedPassword,
  repoRoot,
  startHotlineProcess,
  type HotlineProcess,
} from '../support/hotline-process.ts';

export const CHROMIUM = process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium';

function newestChange(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    newest = Math.max(newest, info.isDirectory() ? newestChange(path) : info.mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than web/ (CI builds before the tests). */
export function ensureWebBuilt(): void {
  const index = join(repoRoot, 'dist', 'web', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestChange(join(repoRoot, 'web'))) return;
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
    ],
    { cwd: repoRoot, stdio: 'pipe' },
  );
}

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh browser profile (own cookies) at 1440×900, in English unless told otherwise. */
export function openContext(
  browser: Browser,
  baseURL: string,
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
  });
}

/** Signs in through the login form; resolves once the role's home has loaded. */
export async function signIn(
  context: BrowserContext,
  username: string,
  password: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.locator('header.topbar').waitFor();
  return page;
}

export interface BrowserHotline {
  process: HotlineProcess;
  url: string;
  browser: Browser;
  password(username: string): string;
  /** A fresh browser profile (own cookies), in English unless told otherwise. */
  context(options?: { locale?: string; width?: number; height?: number }): Promise<BrowserContext>;
  /** Opens the app and signs in; resolves once the role's home has loaded. */
  signIn(username: string, options?: { locale?: string }): Promise<Page>;
  dispose(): Promise<void>;
}

export async function startBrowserHotline(): Promise<BrowserHotline> {
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-browser-'));
  const hotline = await startHotlineProcess({
    HOTLINE_DATA_DIR: dataDir,
    HOTLINE_DEMO: 'true',
    HOTLINE_SCRYPT_COST: '1024',
  });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const harness: BrowserHotline = {
    process: hotline,
    url: hotline.url,
    browser,
    password: (username) => printedPassword(hotline.output(), username),
    async context(options = {}) {
      const context = await openContext(browser, hotline.url, options);
      contexts.push(context);
      return context;
    },
    async signIn(username, options = {}) {
      return signIn(await harness.context(options), username, harness.password(username));
    },
    async dispose() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      hotline.child.kill('SIGTERM');
      await hotline.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

// What the end-to-end tests share: the built lab served with and without cross-origin isolation,
// Debian's Chromium driven by playwright-core, the page's status, clicks in the phase plane, the
// CLI, and the screenshots folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../scripts/static-server.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'lab', 'dist');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** Where the screenshots go (kept as CI artifacts). */
export const SHOTS = join(ROOT, 'lab', 'test-results', 'screenshots');
/** Chromium's flags, as scripts/ci/package-check.mjs launches it. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Relative difference within which two float32 computations count as equal. */
export const FLOAT32_TOLERANCE = 1e-6;

/** Starts the two servers and the browser; `close` stops them. */
export async function startLab() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('lab/dist is missing: run `npm run lab:build` (npm run test:lab does)');
  const isolated = await serveStatic(DIST, { isolated: true });
  const plain = await serveStatic(DIST, { isolated: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    isolated: isolated.url,
    plain: plain.url,
    browser,
    async close() {
      await browser.close();
      await isolated.close();
      await plain.close();
    },
  };
}

/**
 * Opens the lab at `url` in a fresh context; `errors` collects uncaught page errors and console
 * errors (of the page and its workers), which every test expects to stay empty.
 */
export async function openLab(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console error: ${m.text()}`));
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/** The status line's text and data attributes. */
export function status(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=train-status]');
    return { text: el.textContent, ...el.dataset };
  });
}

/** Waits until the status reports `phase` (and, when given, `step` steps). */
export async function waitForPhase(page, phase, { step, timeout = 300_000 } = {}) {
  await page.waitForFunction(
    ([p, s]) => {
      const d = document.querySelector('[data-testid=train-status]').dataset;
      return d.phase === p && (s === undefined || d.step === String(s));
    },
    [phase, step],
    { timeout, polling: 200 },
  );
  return status(page);
}

/** The error banner's text, or null when it is hidden. */
export function errorMessage(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=error-message]');
    return el.hidden ? null : el.querySelector('span').textContent;
  });
}

/** Waits until the error banner shows a message matching `pattern`; returns it. */
export async function waitForError(page, pattern, timeout = 30_000) {
  await page.waitForFunction(
    ([source, flags]) => {
      const el = document.querySelector('[data-testid=error-message]');
      return !el.hidden && new RegExp(source, flags).test(el.querySelector('span').textContent);
    },
    [pattern.source, pattern.flags],
    { timeout },
  );
  return errorMessage(page);
}

/** Drops a file of `text` named `name` (MIME type `type`) on the page, as a user dragging it there. */
export async function dropFile(page, name, text, type) {
  const transfer = await page.evaluateHandle(([n, t, ty]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: ty }));
    return dt;
  }, [name, text, type]);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

/** Clicks the phase plane at the plane point (u, v). */
export async function clickPlane(page, u, v) {
  const canvas = page.locator('[data-testid=phase-plane]');
  const box = await canvas.boundingBox();
  const plane = JSON.parse(await canvas.getAttribute('data-plane'));
  const { left, right, top, bottom } = plane.margin;
  const x = left + ((u - plane.u[0]) / (plane.u[1] - plane.u[0])) * (box.width - left - right);
  const y = box.height - bottom - ((v - plane.v[0]) / (plane.v[1] - plane.v[0])) * (box.height - top - bottom);
  await canvas.click({ position: { x, y } });
}

/** Waits for the energy view to show rollouts from `start`; returns each series' largest relative change of the true energy. */
export async function energyChanges(page, start) {
  await page.waitForFunction((s) => document.getElementById('energy-summary').dataset.start === JSON.stringify(s), start, { timeout: 60_000 });
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#energy-summary [data-series]')].map((el) => [el.dataset.series, Number(el.dataset.maxRelChange)])));
}

/** Pixels of the canvas within a small distance of an RGB colour. */
export function pixelsOfColor(page, selector, [r, g, b]) {
  return page.evaluate(
    ([sel, rgb]) => {
      const c = document.querySelector(sel);
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 60) n++;
      return n;
    },
    [selector, [r, g, b]],
  );
}

/** Runs the CLI with `args` (plus --json) and parses what it prints. */
export function cli(args) {
  return JSON.parse(execFileSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', cwd: ROOT }));
}

/** A screenshot file path under SHOTS (the folder made on first use). */
export function shot(name) {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, `${name}.png`);
}

/** Relative difference of two numbers. */
export function relative(a, b) {
  return Math.abs(a - b) / Math.abs(b);
}

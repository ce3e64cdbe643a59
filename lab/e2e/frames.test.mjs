// The page's frames: it draws when something changed or moves, not at the display's rate, so that on a
// machine whose cores the training fills, the page takes little of their time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLab, waitForPhase } from './harness.mjs';

/**
 * Frames a second the page may ask for: while training fills every core one each 85 ms, while rollouts
 * move one each 33 ms, each asked for half a refresh early (at most 13 and 40 a second; about 12 and 30
 * on a 60 Hz display, which would offer 60). The bounds leave room for a frame more per window.
 */
const BUSY_FRAMES = 14;
const MOVING_FRAMES = 45;

let lab;
before(async () => (lab = await startLab()));
after(() => lab.close());

/** Opens `url` with requestAnimationFrame counted; `rate(ms)` is the frames asked for per second over the next `ms`. */
async function countedPage(url) {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const request = window.requestAnimationFrame.bind(window);
    window.__frames = 0;
    window.requestAnimationFrame = (callback) => {
      window.__frames++;
      return request(callback);
    };
  });
  await page.goto(url);
  const rate = async (ms) => {
    const before = await page.evaluate(() => window.__frames);
    await page.waitForTimeout(ms);
    return ((await page.evaluate(() => window.__frames)) - before) / (ms / 1000);
  };
  return { page, errors, rate, close: () => context.close() };
}

test('frames follow changes: few while training, the animation\'s rate once paused', async () => {
  const { page, errors, rate, close } = await countedPage(`${lab.isolated}?system=spring&model=both&steps=100000&autostart=1`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-status]').dataset.step) >= 20, null, { timeout: 120_000 });
  const fills = await page.evaluate(() => 2 + 1 > navigator.hardwareConcurrency);
  const training = await rate(3000);
  console.log(`# frames a second while training ${training.toFixed(1)} (training fills the cores: ${fills})`);
  assert.ok(training <= (fills ? BUSY_FRAMES : MOVING_FRAMES), `${training} frames a second while training`);
  await page.click('[data-testid=pause]');
  await waitForPhase(page, 'paused');
  const paused = await rate(2000);
  console.log(`# frames a second with the rollouts moving, paused ${paused.toFixed(1)}`);
  assert.ok(paused > 5 && paused <= MOVING_FRAMES, `${paused} frames a second while paused`);
  assert.deepEqual(errors, []);
  await close();
});

test('with the views waiting (live=0), training draws the status only, and the rollouts hold still until it pauses', async () => {
  const { page, errors, rate, close } = await countedPage(`${lab.isolated}?system=spring&model=hnn&steps=100000&autostart=1&live=0`);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-status]').dataset.step) >= 20, null, { timeout: 120_000 });
  const scene = () => page.locator('#scene-canvas').screenshot();
  const first = await scene();
  const training = await rate(2000);
  console.log(`# frames a second while training with the views waiting ${training.toFixed(1)}`);
  assert.ok(training <= BUSY_FRAMES, `${training} frames a second`);
  assert.deepEqual(await scene(), first, 'the rollouts moved while the views wait');
  // Paused, they move again (so the scene above showed rollouts, not a still placeholder).
  await page.click('[data-testid=pause]');
  await waitForPhase(page, 'paused');
  let moved = false;
  for (let i = 0; i < 20 && !moved; i++, await page.waitForTimeout(150)) moved = !(await scene()).equals(first);
  assert.ok(moved, 'the rollouts did not move once training paused');
  assert.deepEqual(errors, []);
  await close();
});

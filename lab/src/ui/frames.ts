// When the page draws: one frame after something changed, and frames at the animation's rate while
// rollouts move, never closer together than the current spacing (user input excepted), so that a
// page with nothing to show costs nothing.

/** A frame lands on the display's next refresh, up to this long after it is asked for (ms): asking half of it early centres the spacing. */
const REFRESH_MS = 1000 / 60;

/** Asks for animation frames no closer together than `spacing()` ms. */
export class FrameScheduler {
  private requested = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = -Infinity;

  /** Calls `draw` in each frame; `spacing` says how far apart frames must be at the moment. */
  constructor(
    private readonly draw: (now: number) => void,
    private readonly spacing: () => number,
  ) {}

  /** Asks for a frame: at the next refresh when `urgent` (user input), else no sooner than the spacing after the last. */
  request(urgent = false): void {
    if (this.requested) return;
    const wait = this.last + this.spacing() - REFRESH_MS / 2 - performance.now();
    if (!urgent && wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.request(true);
      }, wait);
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.requested = true;
    requestAnimationFrame((now) => {
      this.requested = false;
      this.last = performance.now();
      this.draw(now);
    });
  }
}

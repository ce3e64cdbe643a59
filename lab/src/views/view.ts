// What every view offers the page: redraw after a change of the state, and draw the moving parts
// of one animation frame.
import type { LabState } from '../state.js';
import type { RolloutClock } from './clock.js';

/** A view of the lab. */
export interface View {
  /** Redraws after the state changed (or the canvas was resized). */
  update(state: LabState): void;
  /** Draws the moving parts at the animation's time (null: no rollout to animate). */
  frame(state: LabState, clock: RolloutClock | null): void;
}

/** The inputs a drawing was made from, to skip redrawing when none changed. */
export class Inputs {
  private last: readonly unknown[] = [];

  /** Whether any input differs (by identity) from the previous call's; remembers these. */
  changed(next: readonly unknown[]): boolean {
    const differs = next.length !== this.last.length || next.some((x, i) => x !== this.last[i]);
    this.last = next;
    return differs;
  }
}

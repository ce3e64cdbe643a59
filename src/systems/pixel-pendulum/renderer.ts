/**
 * Geometry of a rendered pendulum frame, in world units with y pointing up: a square view `viewWidth`
 * wide, the pivot centred horizontally `pivotDepth` below the top edge, and a rod of `rodLength`
 * with rounded ends of diameter `rodWidth` (a capsule, as OpenAI Gym draws Pendulum-v0).
 */
export interface PendulumView {
  /** Frame side in pixels (frames are side × side, row-major, top row first). */
  readonly side: number;
  /** Width (and height) of the view. */
  readonly viewWidth: number;
  /** Distance of the pivot below the top edge. */
  readonly pivotDepth: number;
  /** Distance from the pivot to the rod's far end. */
  readonly rodLength: number;
  /** Rod width, which is also the diameter of its rounded ends. */
  readonly rodWidth: number;
}

/**
 * The paper's frames: 28 × 28 pixels over about the crop the authors' preprocessing kept (rows 440…780,
 * columns 330…670 of Gym's ±2.2-unit view rendered at 1000 px: 1.5 units, pivot ≈ 0.26 below the top);
 * Gym's rod is 1 long and 0.2 wide.
 */
export const PIXEL_PENDULUM_VIEW: PendulumView = { side: 28, viewWidth: 1.5, pivotDepth: 0.25, rodLength: 1, rodWidth: 0.2 };

/**
 * Renders the pendulum at angle θ into `out` (side² grey values in [0, 1], background 0, rod 1).
 * θ = 0 hangs straight down and θ > 0 swings the free end to the right (counter-clockwise, as in Gym).
 * Edges are anti-aliased with a one-pixel linear ramp of the exact distance to the rod's axis.
 * Only +, −, ×, ÷, √ and one sin/cos pair (V8 ports fdlibm: platform-independent) are used, so the
 * pixels are the same on every machine.
 */
export function renderPendulum(theta: number, out: Float32Array | Float64Array, view: PendulumView = PIXEL_PENDULUM_VIEW): void {
  const { side, viewWidth, pivotDepth, rodLength, rodWidth } = view;
  if (out.length !== side * side) throw new RangeError(`renderPendulum: out has ${out.length} values, a ${side}×${side} frame needs ${side * side}`);
  const pixel = viewWidth / side;
  const radius = rodWidth / 2;
  // Rod axis from the pivot (0, 0) to the free end (ax, ay).
  const ax = rodLength * Math.sin(theta);
  const ay = -rodLength * Math.cos(theta);
  const axisSq = ax * ax + ay * ay;
  const half = side / 2;
  for (let r = 0; r < side; r++) {
    // Pixel centres relative to the pivot; columns by half-integers from the centre line, so θ ↔ −θ mirrors exactly.
    const py = pivotDepth - (r + 0.5) * pixel;
    for (let c = 0; c < side; c++) {
      const px = (c + 0.5 - half) * pixel;
      const along = axisSq > 0 ? Math.min(1, Math.max(0, (px * ax + py * ay) / axisSq)) : 0;
      const dx = px - along * ax;
      const dy = py - along * ay;
      const distance = Math.sqrt(dx * dx + dy * dy);
      out[r * side + c] = Math.min(1, Math.max(0, (radius - distance) / pixel + 0.5));
    }
  }
}

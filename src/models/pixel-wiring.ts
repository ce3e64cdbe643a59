import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Layer } from '../nn/layer.js';

/** A layer together with its stacked input and output-seed buffers, wired for one batch size at a time. */
export class WiredLayer<A extends FloatArray> {
  /** Stacked input [2B × in]. */
  input!: A;
  /** Stacked output [2B × out]. */
  output!: A;
  /** Stacked output adjoint [2B × out]. */
  seed!: A;
  /** Stacked input adjoint [2B × in], filled by the reverse passes. */
  inputGrad!: A;
  private rows = -1;
  private readonly inputBuf: GrowableBuffer<A>;
  private readonly seedBuf: GrowableBuffer<A>;

  /** Buffers for `layer`, allocated through `kernels`. */
  constructor(
    kernels: Kernels<A>,
    readonly layer: Layer<A>,
  ) {
    this.inputBuf = new GrowableBuffer(kernels);
    this.seedBuf = new GrowableBuffer(kernels);
  }

  /** Wires the buffers for `rows` rows (no work when already wired for that size). */
  wire(rows: number): void {
    if (rows === this.rows) return;
    this.input = this.inputBuf.view(2 * rows * this.layer.inDim);
    this.output = this.layer.bind(rows, this.input);
    this.seed = this.seedBuf.view(2 * rows * this.layer.outDim);
    this.inputGrad = this.layer.bindGrad(this.seed);
    this.rows = rows;
  }
}

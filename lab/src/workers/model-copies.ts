// Copies of the lab's models that views are computed on: the explorer's copies of the weights the page
// passes on, and the trainer's copies of its own models (so the training models keep their buffers).
import { createModel } from 'hnn';
import type { Kernels, StateModelSpec } from 'hnn';
import type { LabKind, ModelWeights } from './protocol.js';
import type { ModelSet } from './rollouts.js';

/** A model per kind, built anew when its spec changes and loaded with the weights it is given. */
export class ModelCopies {
  readonly models: ModelSet = {};
  /** The spec each model was built for. */
  private readonly builtFor: Partial<Record<LabKind, string>> = {};

  /** Copies built on the kernels `kernels()` returns (called when a model is built). */
  constructor(private readonly kernels: () => Kernels<Float32Array>) {}

  /** Loads the values of `weights` (in `params()` order) into the copy of `kind`; null removes it. */
  load(kind: LabKind, weights: { readonly spec: StateModelSpec; readonly values: readonly Float32Array[] } | null): void {
    if (!weights) {
      delete this.models[kind];
      delete this.builtFor[kind];
      return;
    }
    const key = JSON.stringify(weights.spec);
    if (this.builtFor[kind] !== key) {
      this.models[kind] = createModel(this.kernels(), weights.spec);
      this.builtFor[kind] = key;
    }
    this.models[kind]!.params().forEach((p, i) => p.value.set(weights.values[i]!));
  }

  /** Loads `weights` for each kind they name. */
  loadAll(weights: Partial<Record<LabKind, ModelWeights | null>>): void {
    for (const [kind, w] of Object.entries(weights) as [LabKind, ModelWeights | null][]) this.load(kind, w);
  }
}

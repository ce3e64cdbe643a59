/** An affine map y = M·z + b between 2-D spaces (latent codes → canonical coordinates). */
export interface AffineMap {
  /** M, row-major: y_i = Σ_j M[2i + j]·z_j + b_i. */
  readonly matrix: Float64Array;
  readonly offset: Float64Array;
}

/**
 * The least-squares affine map from the rows of `z` to the rows of `y` (both rows × 2): minimises
 * Σ_r |y_r − (M z_r + b)|², solved on centred data (M = C_yz C_zz⁻¹, b = ȳ − M z̄). Throws when the
 * codes do not span the plane (a collapsed latent space has no such map).
 */
export function fitAffineMap(z: Float64Array, y: Float64Array): AffineMap {
  if (z.length !== y.length || z.length < 6 || z.length % 2 !== 0) {
    throw new RangeError(`fitAffineMap: needs at least 3 rows of 2-D codes and as many 2-D targets, got ${z.length} and ${y.length} numbers`);
  }
  const rows = z.length / 2;
  const zMean = [0, 0];
  const yMean = [0, 0];
  for (let r = 0; r < rows; r++) {
    for (const c of [0, 1]) {
      zMean[c]! += z[2 * r + c]! / rows;
      yMean[c]! += y[2 * r + c]! / rows;
    }
  }
  // Czz = Σ z̃ z̃ᵀ and Cyz = Σ ỹ z̃ᵀ, row-major 2 × 2.
  const czz = [0, 0, 0, 0];
  const cyz = [0, 0, 0, 0];
  for (let r = 0; r < rows; r++) {
    const dz = [z[2 * r]! - zMean[0]!, z[2 * r + 1]! - zMean[1]!];
    const dy = [y[2 * r]! - yMean[0]!, y[2 * r + 1]! - yMean[1]!];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        czz[2 * i + j]! += dz[i]! * dz[j]!;
        cyz[2 * i + j]! += dy[i]! * dz[j]!;
      }
    }
  }
  const det = czz[0]! * czz[3]! - czz[1]! * czz[2]!;
  if (!(det > 1e-12 * (czz[0]! + czz[3]!) ** 2)) throw new RangeError('fitAffineMap: the latent codes lie on a line (or a point), so no affine map to the plane can be fitted');
  const inv = [czz[3]! / det, -czz[1]! / det, -czz[2]! / det, czz[0]! / det];
  const matrix = new Float64Array(4);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) matrix[2 * i + j] = cyz[2 * i]! * inv[j]! + cyz[2 * i + 1]! * inv[2 + j]!;
  const offset = Float64Array.from([0, 1], (i) => yMean[i]! - matrix[2 * i]! * zMean[0]! - matrix[2 * i + 1]! * zMean[1]!);
  return { matrix, offset };
}

/** The map applied to every row of `z` (rows × 2). */
export function applyAffineMap(map: AffineMap, z: Float64Array): Float64Array {
  const { matrix: m, offset: b } = map;
  const out = new Float64Array(z.length);
  for (let r = 0; r < z.length; r += 2) {
    out[r] = m[0]! * z[r]! + m[1]! * z[r + 1]! + b[0]!;
    out[r + 1] = m[2]! * z[r]! + m[3]! * z[r + 1]! + b[1]!;
  }
  return out;
}

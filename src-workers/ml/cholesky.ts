/**
 * Solves A x = b for a symmetric positive-definite d × d matrix A (row-major) by its Cholesky
 * factor A = L Lᵀ. Written here rather than taken from ml-matrix: the systems are small (one
 * row and column per coefficient), they live in Float64Arrays already, and this is the one
 * routine the trainers need. Returns null when A is not positive definite (a pivot ≤ 0).
 */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j];
      }
    }
  }
  // L y = b, then Lᵀ x = y.
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < i; k++) x[i] -= l[i * d + k] * x[k];
    x[i] /= l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    for (let k = i + 1; k < d; k++) x[i] -= l[k * d + i] * x[k];
    x[i] /= l[i * d + i];
  }
  return x;
}

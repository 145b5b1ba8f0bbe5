// Dense kernels for the engine's hot loops: the matrix products of the exact step, of QQ^T and of a
// gradient-descent step, written once with the compiler's generic two-lane vectors, which GCC turns
// into SSE2 and clang (Emscripten, -msimd128) into wasm SIMD. Eigen 3.4 has no wasm SIMD backend;
// these give the browser the same kernels, in the same order of operations, as the native build.
//
// Every entry of a product is the plain sequential sum over the inner index, a(i,0) b(0,j) + a(i,1)
// b(1,j) + ..., whatever the tiling: so a result does not depend on the sizes, the platform or the
// build (and it is what Eigen's own kernels compute for these sizes). Matrices are column-major with
// a leading dimension (Eigen's default storage, blocks included); nothing here allocates.
#pragma once

#include <algorithm>
#include <cstring>

#include "ldyn/types.hpp"

namespace ldyn::kernel {

using v2 = double __attribute__((vector_size(16)));
using v2u = double __attribute__((vector_size(16), aligned(8), may_alias));  // unaligned access

inline v2 load(const double* p) noexcept { return *reinterpret_cast<const v2u*>(p); }
inline void store(double* p, v2 v) noexcept { *reinterpret_cast<v2u*>(p) = v; }
inline v2 splat(double x) noexcept { return v2{x, x}; }

// How a product is written into C.
enum class Write {
  Set,  // C = A B
  Add,  // C = S + alpha (A B), S = C by default   (alpha = -1 subtracts)
};

namespace detail {

// Where C = S + alpha A B reads S (C itself for an update in place).
struct Source {
  const double* s;
  int lds;
  const double* at(int i, int j) const noexcept { return s + i + static_cast<long>(j) * lds; }
};

template <Write W>
inline void put(double* c, const double* s, double acc, double alpha) noexcept {
  if constexpr (W == Write::Set) *c = acc;
  else *c = *s + alpha * acc;
}
template <Write W>
inline void put(double* c, const double* s, v2 acc, v2 alpha) noexcept {
  if constexpr (W == Write::Set) store(c, acc);
  else store(c, load(s) + alpha * acc);
}

// B(p, j): column-major (b[p + j ldb]) or given as its transpose (b[j + p ldb]).
template <bool BT>
inline double b_at(const double* b, int ldb, int p, int j) noexcept {
  return BT ? b[j + static_cast<long>(p) * ldb] : b[p + static_cast<long>(j) * ldb];
}

// A tile of 2 MV rows (MV = 1 or 2 vectors) by NR columns, summed over all k.
template <Write W, bool BT, int MV, int NR>
inline void tile(int k, const double* __restrict a, int lda, const double* __restrict b, int ldb, double* c, int ldc,
                 double alpha, Source src) noexcept {
  v2 acc[MV][NR];
  for (int q = 0; q < NR; ++q) {
    const v2 bq = splat(b_at<BT>(b, ldb, 0, q));
    for (int v = 0; v < MV; ++v) acc[v][q] = load(a + 2 * v) * bq;
  }
  for (int p = 1; p < k; ++p) {
    const double* ap = a + static_cast<long>(p) * lda;
    v2 av[MV];
    for (int v = 0; v < MV; ++v) av[v] = load(ap + 2 * v);
    if constexpr (BT && NR == 4) {  // four consecutive entries of a row of B: two loads, four splats
      const v2 b01 = load(b + static_cast<long>(p) * ldb), b23 = load(b + static_cast<long>(p) * ldb + 2);
      const v2 bq[4] = {__builtin_shufflevector(b01, b01, 0, 0), __builtin_shufflevector(b01, b01, 1, 1),
                        __builtin_shufflevector(b23, b23, 0, 0), __builtin_shufflevector(b23, b23, 1, 1)};
      for (int q = 0; q < 4; ++q)
        for (int v = 0; v < MV; ++v) acc[v][q] += av[v] * bq[q];
    } else {
      for (int q = 0; q < NR; ++q) {
        const v2 bq = splat(b_at<BT>(b, ldb, p, q));
        for (int v = 0; v < MV; ++v) acc[v][q] += av[v] * bq;
      }
    }
  }
  const v2 al = splat(alpha);
  for (int q = 0; q < NR; ++q)
    for (int v = 0; v < MV; ++v) put<W>(c + 2 * v + static_cast<long>(q) * ldc, src.at(2 * v, q), acc[v][q], al);
}

// One row by NR columns (the last row when the row count is odd).
template <Write W, bool BT, int NR>
inline void row(int k, const double* __restrict a, int lda, const double* __restrict b, int ldb, double* c, int ldc,
                double alpha, Source src) noexcept {
  double acc[NR];
  for (int q = 0; q < NR; ++q) acc[q] = a[0] * b_at<BT>(b, ldb, 0, q);
  for (int p = 1; p < k; ++p) {
    const double ap = a[static_cast<long>(p) * lda];
    for (int q = 0; q < NR; ++q) acc[q] += ap * b_at<BT>(b, ldb, p, q);
  }
  for (int q = 0; q < NR; ++q) put<W>(c + static_cast<long>(q) * ldc, src.at(0, q), acc[q], alpha);
}

// Rows [i0, i1) of a block of NR columns starting at column j.
template <Write W, bool BT, int NR>
inline void column_block(int i0, int i1, int k, const double* a, int lda, const double* b, int ldb, double* c, int ldc,
                         double alpha, Source src) noexcept {
  int i = i0;
  for (; i + 4 <= i1; i += 4) tile<W, BT, 2, NR>(k, a + i, lda, b, ldb, c + i, ldc, alpha, {src.at(i, 0), src.lds});
  if (i + 2 <= i1) {
    tile<W, BT, 1, NR>(k, a + i, lda, b, ldb, c + i, ldc, alpha, {src.at(i, 0), src.lds});
    i += 2;
  }
  if (i < i1) row<W, BT, NR>(k, a + i, lda, b, ldb, c + i, ldc, alpha, {src.at(i, 0), src.lds});
}

// C = A B (or C += alpha A B) for rows [i0(j), m) of every column block, where i0(j) = 0 for a full
// product and the block's first column for the lower triangle of a symmetric one.
template <Write W, bool BT, bool Lower>
void product(int m, int n, int k, const double* a, int lda, const double* b, int ldb, double* c, int ldc, double alpha,
             Source src) noexcept {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < m; ++i) c[i + static_cast<long>(j) * ldc] = W == Write::Set ? 0.0 : *src.at(i, j);
    return;
  }
  // Rows in panels whose part of A (rows x k) stays in a 256 KiB cache while every column block of B
  // passes over it; each column block of B (k x 4) stays in the first-level cache meanwhile.
  constexpr int kPanelEntries = 256 * 1024 / 8;
  const int panel = m * k <= kPanelEntries ? m : std::max(4, kPanelEntries / k / 4 * 4);
  const auto bj = [&](int col) { return BT ? b + col : b + static_cast<long>(col) * ldb; };
  for (int r0 = 0; r0 < m; r0 += panel) {
    const int r1 = std::min(m, r0 + panel);
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      const int i0 = Lower ? std::max(r0, j) : r0;
      if (i0 < r1)
        column_block<W, BT, 4>(i0, r1, k, a, lda, bj(j), ldb, c + static_cast<long>(j) * ldc, ldc, alpha, {src.at(0, j), src.lds});
    }
    const int rest = n - j, i0 = Lower ? std::max(r0, j) : r0;
    if (rest > 0 && i0 < r1) {
      double* cj = c + static_cast<long>(j) * ldc;
      const Source sj{src.at(0, j), src.lds};
      if (rest == 3) column_block<W, BT, 3>(i0, r1, k, a, lda, bj(j), ldb, cj, ldc, alpha, sj);
      else if (rest == 2) column_block<W, BT, 2>(i0, r1, k, a, lda, bj(j), ldb, cj, ldc, alpha, sj);
      else column_block<W, BT, 1>(i0, r1, k, a, lda, bj(j), ldb, cj, ldc, alpha, sj);
    }
  }
}

}  // namespace detail

// C (m x n) = A (m x k) B (k x n), or (Write::Add) C = S + alpha A B with S = C unless given.
template <Write W = Write::Set>
inline void gemm(int m, int n, int k, const double* a, int lda, const double* b, int ldb, double* c, int ldc,
                 double alpha = 1.0, const double* s = nullptr, int lds = 0) noexcept {
  detail::product<W, false, false>(m, n, k, a, lda, b, ldb, c, ldc, alpha, s ? detail::Source{s, lds} : detail::Source{c, ldc});
}

// C (m x n) = A (m x k) B^T, B given as it is stored (n x k), or C = S + alpha A B^T.
template <Write W = Write::Set>
inline void gemm_nt(int m, int n, int k, const double* a, int lda, const double* b, int ldb, double* c, int ldc,
                    double alpha = 1.0, const double* s = nullptr, int lds = 0) noexcept {
  detail::product<W, true, false>(m, n, k, a, lda, b, ldb, c, ldc, alpha, s ? detail::Source{s, lds} : detail::Source{c, ldc});
}

// C (n x n) = Z Z^T for Z n x r: the lower triangle by column blocks, then mirrored. C(i, j) and
// C(j, i) are the same sum of the same products, so C is exactly symmetric.
inline void syrk(int n, int r, const double* z, int ldz, double* c, int ldc) noexcept {
  detail::product<Write::Set, true, true>(n, n, r, z, ldz, z, ldz, c, ldc, 1.0, {c, ldc});
  for (int j = 1; j < n; ++j) {
    const int computed_from = j / 4 * 4;  // rows >= the first column of j's block were computed
    for (int i = 0; i < computed_from; ++i) c[i + static_cast<long>(j) * ldc] = c[j + static_cast<long>(i) * ldc];
  }
}

// Level-1 operations on contiguous vectors (the columns of a column-major matrix).

// sum x_i y_i, in four interleaved partial sums.
inline double dot(int n, const double* __restrict x, const double* __restrict y) noexcept {
  v2 s0 = splat(0), s1 = splat(0);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += load(x + i) * load(y + i);
    s1 += load(x + i + 2) * load(y + i + 2);
  }
  if (i + 2 <= n) {
    s0 += load(x + i) * load(y + i);
    i += 2;
  }
  s0 += s1;
  double s = s0[0] + s0[1];
  if (i < n) s += x[i] * y[i];
  return s;
}

inline double squared_norm(int n, const double* x) noexcept { return dot(n, x, x); }

// y += alpha x.
inline void axpy(int n, double alpha, const double* __restrict x, double* __restrict y) noexcept {
  const v2 a = splat(alpha);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    store(y + i, load(y + i) + a * load(x + i));
    store(y + i + 2, load(y + i + 2) + a * load(x + i + 2));
  }
  if (i + 2 <= n) {
    store(y + i, load(y + i) + a * load(x + i));
    i += 2;
  }
  if (i < n) y[i] += alpha * x[i];
}

// x *= alpha.
inline void scale(int n, double alpha, double* x) noexcept {
  const v2 a = splat(alpha);
  int i = 0;
  for (; i + 2 <= n; i += 2) store(x + i, load(x + i) * a);
  if (i < n) x[i] *= alpha;
}

// dst (n x m) = src^T (src m x n).
inline void transpose(int m, int n, const double* src, int lds, double* dst, int ldd) noexcept {
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) dst[j + static_cast<long>(i) * ldd] = src[i + static_cast<long>(j) * lds];
}

// Eigen-facing forms (plain matrices and blocks with unit inner stride).
template <class M>
inline int ld(const M& m) noexcept {
  return static_cast<int>(m.outerStride());
}

}  // namespace ldyn::kernel

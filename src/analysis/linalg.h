/* linalg.h: the dense linear algebra the analyses need, from LAPACK (the
 * reference implementation Debian ships): solving J dx = b in Newton's
 * method, and the eigenvalues of a Jacobian.  Matrices are row-major n x n
 * (a[i*n + j] is row i, column j), small (one per state variable). */
#ifndef NEURODE_LINALG_H
#define NEURODE_LINALG_H

#include <stdbool.h>
#include <stddef.h>

/* b = a^-1 b (a is overwritten); false when a is singular. */
bool linalg_solve(size_t n, double *a, double *b);

/* The eigenvalues of a (not changed): re[k] + i im[k], complex ones in
 * conjugate pairs, the one with the positive imaginary part first.  False
 * if the QR algorithm did not converge. */
bool linalg_eigenvalues(size_t n, const double *a, double *re, double *im);

#endif

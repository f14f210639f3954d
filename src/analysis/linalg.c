/* linalg.c: LAPACK's dgesv and dgeev for row-major matrices; see linalg.h. */
#include "linalg.h"

#include <stdlib.h>

#include "mem.h"

/* Fortran LAPACK: column-major, arguments by reference. */
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info);
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda,
            double *wr, double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr,
            double *work, const int *lwork, int *info);

/* Row-major in, column-major out: the transpose. */
static double *column_major(size_t n, const double *a)
{
  double *c = xmalloc((n * n + 1) * sizeof *c);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) c[j * n + i] = a[i * n + j];
  return c;
}

bool linalg_solve(size_t n, double *a, double *b)
{
  int N = (int)n, one = 1, info = 0;
  int *ipiv = xmalloc((n + 1) * sizeof *ipiv);
  double *c = column_major(n, a);
  dgesv_(&N, &one, c, &N, ipiv, b, &N, &info);
  free(c);
  free(ipiv);
  return info == 0;
}

bool linalg_eigenvalues(size_t n, const double *a, double *re, double *im)
{
  int N = (int)n, lwork = (int)(8 * n + 16), info = 0, ld = 1;
  double *c = column_major(n, a);
  double *work = xmalloc((size_t)lwork * sizeof *work);
  double dummy;
  dgeev_("N", "N", &N, c, &N, re, im, &dummy, &ld, &dummy, &ld, work, &lwork, &info);
  free(work);
  free(c);
  return info == 0;
}

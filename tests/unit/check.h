/* check.h: the unit tests' one assertion: prints "ok NAME" or
 * "not ok NAME: why" (the suite runner counts them). */
#ifndef NEURODE_CHECK_H
#define NEURODE_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int check_failures;

__attribute__((format(printf, 2, 3))) static void check(int cond, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs(cond ? "ok " : "not ok ", stdout);
  vprintf(fmt, ap);
  putchar('\n');
  va_end(ap);
  if (!cond) check_failures++;
}

#endif

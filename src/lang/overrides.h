/* overrides.h: a value the user gives a parameter or an initial value
 * instead of the model's (--set NAME=EXPR, --init, the session's set): its
 * expression, kept as written, and where it was written for messages.  The
 * expression and its Source belong to whoever made the Override (the
 * session's workspace, the command line). */
#ifndef NEURODE_OVERRIDES_H
#define NEURODE_OVERRIDES_H

#include "ast.h"
#include "source.h"

typedef struct Override {
  const char *name;
  const Expr *value;
  const Source *src;
} Override;

#endif

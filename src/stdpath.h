/* stdpath.h: finding model files by name.
 *
 * A name is tried as a path first.  If that fails, its base name (with a
 * leading "stdlib/" removed) is looked for, with and without ".nd", in each
 * directory of $NEURODE_PATH (colon-separated) and then in the installed
 * stdlib directory -- so `neurode run hh` and `neurode run stdlib/hh.nd`
 * work from anywhere after `make install`.  Returns a malloc'd path, or
 * NULL (errno from the first attempt). */
#ifndef NEURODE_STDPATH_H
#define NEURODE_STDPATH_H

char *stdpath_resolve(const char *name);
/* The installed stdlib directory, for messages. */
const char *stdpath_stdlib_dir(void);

#endif

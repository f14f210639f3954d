/* stdpath.h: finding model files by name.
 *
 * A name is tried as a path first.  If that fails, its base name (with a
 * leading "stdlib/" removed) is looked for, with and without ".nd", in each
 * directory of $NEURODE_PATH (colon-separated), in the installed stdlib
 * directory, and in stdlib/ beside the executable (an uninstalled build in
 * its source tree) -- so `neurode run hh` and `neurode run stdlib/hh.nd`
 * work from anywhere.  Returns a malloc'd path, or
 * NULL (errno from the first attempt). */
#ifndef NEURODE_STDPATH_H
#define NEURODE_STDPATH_H

char *stdpath_resolve(const char *name);
/* The installed stdlib directory, for messages. */
const char *stdpath_stdlib_dir(void);

/* The directories stdpath_resolve searches by name, in its order (they may
 * not exist): a NULL-terminated malloc'd array of malloc'd paths, freed
 * with stdpath_dirs_free.  TAB completion lists models from them. */
char **stdpath_dirs(void);
void stdpath_dirs_free(char **dirs);
/* Those directories as one line for a message. */
#include <stddef.h>
void stdpath_describe(char *buf, size_t size);
/* The model name (without .nd) in those directories closest to name, into
 * best; false when none is close. */
#include <stdbool.h>
bool stdpath_closest(const char *name, char *best, size_t size);

#endif

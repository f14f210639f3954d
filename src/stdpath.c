/* stdpath.c: model file lookup; see stdpath.h. */
#include <config.h>

#include "stdpath.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

#ifndef NEURODE_STDLIB_DIR
#define NEURODE_STDLIB_DIR "/usr/local/share/neurode/stdlib"
#endif

const char *stdpath_stdlib_dir(void) { return NEURODE_STDLIB_DIR; }

static bool is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *try_dir(const char *dir, size_t dirlen, const char *base)
{
  static const char *const suffixes[] = {"", ".nd"};
  for (size_t i = 0; i < 2; i++) {
    size_t len = dirlen + strlen(base) + 5;
    char *p = xmalloc(len);
    snprintf(p, len, "%.*s/%s%s", (int)dirlen, dir, base, suffixes[i]);
    if (is_file(p)) return p;
    free(p);
  }
  return NULL;
}

char *stdpath_resolve(const char *name)
{
  struct stat st;
  if (stat(name, &st) == 0) return xstrdup(name); /* a directory fails later, clearly */
  int saved = errno;
  const char *base = name;
  if (strncmp(base, "stdlib/", 7) == 0) base += 7;
  if (!strchr(base, '/')) {
    const char *env = getenv("NEURODE_PATH");
    if (env) {
      for (const char *p = env; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        if (len) {
          char *found = try_dir(p, len, base);
          if (found) return found;
        }
        if (!colon) break;
        p = colon + 1;
      }
    }
    char *found = try_dir(NEURODE_STDLIB_DIR, strlen(NEURODE_STDLIB_DIR), base);
    if (found) return found;
    /* Not installed: the stdlib of the source tree the program was built in. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 16);
    if (n > 0) {
      exe[n] = '\0';
      char *slash = strrchr(exe, '/');
      if (slash) {
        strcpy(slash, "/stdlib");
        if ((found = try_dir(exe, strlen(exe), base))) return found;
      }
    }
  }
  char *with_nd = NULL;
  size_t len = strlen(name) + 4;
  with_nd = xmalloc(len);
  snprintf(with_nd, len, "%s.nd", name);
  if (is_file(with_nd)) return with_nd;
  free(with_nd);
  errno = saved;
  return NULL;
}

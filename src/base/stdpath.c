/* stdpath.c: model file lookup; see stdpath.h. */
#include <config.h>

#include "stdpath.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "diag.h"

#ifndef NEURODE_STDLIB_DIR
#define NEURODE_STDLIB_DIR "/usr/local/share/neurode/stdlib"
#endif

const char *stdpath_stdlib_dir(void) { return NEURODE_STDLIB_DIR; }

static bool is_file(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *try_dir(const char *dir, const char *base)
{
  static const char *const suffixes[] = {"", ".nd"};
  for (size_t i = 0; i < 2; i++) {
    size_t len = strlen(dir) + strlen(base) + 5;
    char *p = xmalloc(len);
    snprintf(p, len, "%s/%s%s", dir, base, suffixes[i]);
    if (is_file(p)) return p;
    free(p);
  }
  return NULL;
}

static void add_dir(char ***dirs, size_t *n, size_t *cap, char *dir)
{
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*dirs)[i], dir) == 0) { /* searched once */
      free(dir);
      return;
    }
  GROW(*dirs, *cap, *n + 2);
  (*dirs)[(*n)++] = dir;
  (*dirs)[*n] = NULL;
}

char **stdpath_dirs(void)
{
  char **dirs = NULL;
  size_t n = 0, cap = 0;
  const char *env = getenv("NEURODE_PATH");
  for (const char *p = env; p && *p;) {
    const char *colon = strchr(p, ':');
    size_t len = colon ? (size_t)(colon - p) : strlen(p);
    if (len) {
      char *d = xmalloc(len + 1);
      memcpy(d, p, len);
      d[len] = '\0';
      add_dir(&dirs, &n, &cap, d);
    }
    if (!colon) break;
    p = colon + 1;
  }
  add_dir(&dirs, &n, &cap, xstrdup(NEURODE_STDLIB_DIR));
  /* Not installed: the stdlib of the source tree the program was built in. */
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 16);
  if (len > 0) {
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      strcpy(slash, "/stdlib");
      add_dir(&dirs, &n, &cap, xstrdup(exe));
    }
  }
  return dirs;
}

void stdpath_dirs_free(char **dirs)
{
  for (size_t i = 0; dirs && dirs[i]; i++) free(dirs[i]);
  free(dirs);
}

char *stdpath_resolve(const char *name)
{
  struct stat st;
  if (stat(name, &st) == 0) return xstrdup(name); /* a directory fails later, clearly */
  int saved = errno;
  const char *base = name;
  if (strncmp(base, "stdlib/", 7) == 0) base += 7;
  if (!strchr(base, '/')) {
    char **dirs = stdpath_dirs();
    char *found = NULL;
    for (size_t i = 0; !found && dirs[i]; i++) found = try_dir(dirs[i], base);
    stdpath_dirs_free(dirs);
    if (found) return found;
  }
  size_t len = strlen(name) + 4;
  char *with_nd = xmalloc(len);
  snprintf(with_nd, len, "%s.nd", name);
  if (is_file(with_nd)) return with_nd;
  free(with_nd);
  errno = saved;
  return NULL;
}

void stdpath_describe(char *buf, size_t size)
{
  char **dirs = stdpath_dirs();
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; dirs[i] && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", dirs[i]);
  if (!getenv("NEURODE_PATH") && used < size)
    snprintf(buf + used, size - used, " ($NEURODE_PATH is not set)");
  stdpath_dirs_free(dirs);
}

bool stdpath_closest(const char *name, char *best, size_t size)
{
  char **dirs = stdpath_dirs();
  const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
  char want[256];
  snprintf(want, sizeof want, "%s", base);
  size_t wl = strlen(want);
  if (wl > 3 && strcmp(want + wl - 3, ".nd") == 0) want[wl - 3] = '\0';
  char **names = NULL;
  size_t nn = 0, cap = 0;
  for (size_t i = 0; dirs[i]; i++) {
    DIR *d = opendir(dirs[i]);
    if (!d) continue;
    for (struct dirent *e; (e = readdir(d));) {
      size_t l = strlen(e->d_name);
      if (l <= 3 || strcmp(e->d_name + l - 3, ".nd") != 0) continue;
      GROW(names, cap, nn + 1);
      names[nn] = xstrdup(e->d_name);
      names[nn++][l - 3] = '\0';
    }
    closedir(d);
  }
  const char *c = diag_closest(want, (const char *const *)names, nn);
  if (c) snprintf(best, size, "%s", c);
  for (size_t i = 0; i < nn; i++) free(names[i]);
  free(names);
  stdpath_dirs_free(dirs);
  return c != NULL;
}

/* stdpath.c: model file lookup; see stdpath.h. */
#include <config.h>

#include "stdpath.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
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

/* stdlib/ beside the executable: an uninstalled build in its source tree. */
static bool build_tree_dir(char *buf, size_t size)
{
  ssize_t n = readlink("/proc/self/exe", buf, size - 16);
  if (n <= 0) return false;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash) return false;
  strcpy(slash, "/stdlib");
  return true;
}

size_t stdpath_dirs(char ***dirs)
{
  size_t n = 0, cap = 0;
  *dirs = NULL;
  const char *env = getenv("NEURODE_PATH");
  for (const char *p = env; p && *p;) {
    const char *colon = strchr(p, ':');
    size_t len = colon ? (size_t)(colon - p) : strlen(p);
    if (len) {
      GROW(*dirs, cap, n + 1);
      char *d = xmalloc(len + 1);
      memcpy(d, p, len);
      d[len] = '\0';
      (*dirs)[n++] = d;
    }
    if (!colon) break;
    p = colon + 1;
  }
  GROW(*dirs, cap, n + 2);
  (*dirs)[n++] = xstrdup(NEURODE_STDLIB_DIR);
  char exe[4096];
  if (build_tree_dir(exe, sizeof exe) && strcmp(exe, NEURODE_STDLIB_DIR) != 0)
    (*dirs)[n++] = xstrdup(exe);
  return n;
}

void stdpath_free_dirs(char **dirs, size_t n)
{
  for (size_t i = 0; i < n; i++) free(dirs[i]);
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
    char **dirs;
    size_t n = stdpath_dirs(&dirs);
    char *found = NULL;
    for (size_t i = 0; i < n && !found; i++) found = try_dir(dirs[i], strlen(dirs[i]), base);
    stdpath_free_dirs(dirs, n);
    if (found) return found;
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

void stdpath_describe(char *buf, size_t size)
{
  char **dirs;
  size_t n = stdpath_dirs(&dirs), used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", dirs[i]);
  if (!getenv("NEURODE_PATH") && used < size)
    snprintf(buf + used, size - used, " ($NEURODE_PATH is not set)");
  stdpath_free_dirs(dirs, n);
}

bool stdpath_closest(const char *name, char *best, size_t size)
{
  char **dirs;
  size_t n = stdpath_dirs(&dirs);
  const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
  char want[256];
  snprintf(want, sizeof want, "%s", base);
  size_t wl = strlen(want);
  if (wl > 3 && strcmp(want + wl - 3, ".nd") == 0) want[wl - 3] = '\0';
  char **names = NULL;
  size_t nn = 0, cap = 0;
  for (size_t i = 0; i < n; i++) {
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
  stdpath_free_dirs(dirs, n);
  return c != NULL;
}

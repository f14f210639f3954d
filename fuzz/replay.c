/* replay.c: run the fuzz harness (fuzz_model.c) on saved inputs, without
 * libFuzzer -- any compiler, any sanitizer.  `make check` replays the
 * committed corpus with it (tests/fuzz/replay.sh).
 *   fuzz/replay FILE|DIR...
 * Each argument is a file or a directory whose files (not subdirectories)
 * are replayed in name order.  Says "replaying NAME" on stderr before each
 * input, so a crash names its input, and "replayed N inputs" on stdout.
 * Exits 1 when an argument cannot be read. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return -1;
  }
  size_t n = 0, cap = 4096;
  char *buf = xmalloc(cap);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) buf = xrealloc(buf, cap *= 2);
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    perror(path);
    free(buf);
    return -1;
  }
  fprintf(stderr, "replaying %s\n", path);
  LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
  free(buf);
  return 0;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of inputs replayed, or -1. */
static long replay_dir(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    GROW(names, cap, n + 1);
    names[n++] = xstrdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  long count = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(dir) + strlen(names[i]) + 2;
    char *path = xmalloc(len);
    snprintf(path, len, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      if (replay_file(path) != 0) count = -1;
      else if (count >= 0) count++;
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return count;
}

int main(int argc, char **argv)
{
  long total = 0;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    long n;
    if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) n = replay_dir(argv[i]);
    else n = replay_file(argv[i]) == 0 ? 1 : -1;
    if (n < 0) status = 1;
    else total += n;
  }
  printf("replayed %ld inputs\n", total);
  return status;
}

/* native_build.c: compiling, caching and loading native code; see native.h.
 *
 * A cache entry is the source (KEY.c) and the library (KEY.so), where KEY
 * hashes the source, the compiler, its flags and the CPU's vector features
 * (the code is built for this CPU).  Before a library is used its stored
 * source is compared with the wanted one byte for byte, so a collision of
 * the hash can cost a compile, never a wrong result.  Files are written
 * under temporary names and renamed: processes sharing the cache never see
 * half an entry.  The cache is kept under NATIVE_CACHE_MAX bytes by removing
 * the entries used longest ago. */
#include "native.h"
#include "native_scalar.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "mem.h"
#include "opcodes.h"
#include "vmath.h"

#ifndef NEURODE_NATIVE_CC
#define NEURODE_NATIVE_CC "cc"
#endif

extern char **environ;

/* The compiler configure found, or $NEURODE_CC. */
static const char *compiler(void)
{
  const char *cc = getenv("NEURODE_CC");
  return cc && *cc ? cc : NEURODE_NATIVE_CC;
}

/* No fast-math, no contraction into FMA: the VM's arithmetic exactly.  Built
 * for this CPU so the lane loops use its widest vectors.  Scalar code (one
 * copy at a time) has no lane loops to optimise: -O1 compiles it in a
 * quarter of -O3's time and it runs as fast.  Linked against nothing but
 * libgcc: its few outside names (SLEEF's functions, libm's sqrt on the
 * errno path of __builtin_sqrt) are in neurode's process already and
 * resolve when it is loaded (RTLD_NOW); linking the C library took 9 ms of
 * a scalar compile of 40, the temporary files between compiler and
 * assembler 5. */
static const char *const lanes_flags[] = {"-O3", "-fvect-cost-model=dynamic",
                                          "-march=native", "-ffp-contract=off", "-fno-fast-math",
                                          "-fno-tree-loop-distribute-patterns",
                                          "-fPIC", "-shared", "-nostdlib", "-pipe", "-w", NULL};
static const char *const scalar_flags[] = {"-O1", "-march=native", "-ffp-contract=off",
                                           "-fno-fast-math", "-fPIC", "-shared", "-nostdlib",
                                           "-pipe", "-w", NULL};
/* After the source (an archive is searched for what came before it). */
static const char *const libraries[] = {"-lgcc", NULL};
enum { MAX_FLAGS = sizeof lanes_flags / sizeof lanes_flags[0] };

static const char *const *flags_for(NativeShape shape)
{
  return shape == NATIVE_SCALAR ? scalar_flags : lanes_flags;
}

struct NativeCode {
  void *lib;
  void (*exec)(const NativeApi *, const VmInput *, double *const *, size_t);
  void (*steps)(const NativeApi *, NativeSteps *);
  NativeScalar scalar; /* a scalar library: its rhs (else scalar.rhs is NULL) */
  NativeFused fused;
  size_t block;
  double compile_seconds;
};

/* ---- what native code calls ------------------------------------------------- */

static void api_vmath(int fn, double *d, const double *x, const double *y, size_t m)
{
  vmath_array((VmathFn)fn, d, x, y, m);
}
static double api_poisson(double lam, double u, double v) { return nd_poisson(lam, u, v); }
static double api_lookup(const double *t, double r, double c) { return nd_lookup(t, r, c); }
static double api_dexprel(double x) { return nd_dexprel(x); }

static const NativeApi api = {api_vmath, nd_rand, nd_rand2, nd_randn, api_poisson, api_lookup,
                              api_dexprel, vmath_exp, vmath_exprel, vmath_exprelr};

void native_exec(const NativeCode *c, const VmInput *in, double *const *out, size_t n)
{
  if (c->scalar.rhs) native_scalar_exec(&c->scalar, &api, in, out, n);
  else c->exec(&api, in, out, n);
}

NativeFused native_fused(const NativeCode *c) { return c->fused; }

void native_use_method(NativeCode *c, NativeFused fused)
{
  if (c->scalar.rhs) c->fused = fused;
}

size_t native_block(const NativeCode *c) { return c->block; }

void native_steps(const NativeCode *c, NativeSteps *s)
{
  if (c->scalar.rhs) native_scalar_steps(&c->scalar, c->fused, &api, s);
  else c->steps(&api, s);
}

double native_compile_seconds(const NativeCode *c) { return c->compile_seconds; }

/* ---- the cache ------------------------------------------------------------- */

void native_cache_dir(char *buf, size_t size)
{
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (xdg && *xdg == '/') snprintf(buf, size, "%s/neurode", xdg);
  else if (home && *home) snprintf(buf, size, "%s/.cache/neurode", home);
  else snprintf(buf, size, "/tmp/neurode-cache-%ld", (long)getuid());
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211u;
  }
  return h;
}

static uint64_t cache_key(const char *source, NativeShape shape)
{
  uint64_t h = 14695981039346656037u;
  h = fnv1a(h, source, strlen(source));
  h = fnv1a(h, compiler(), strlen(compiler()) + 1);
  for (const char *const *f = flags_for(shape); *f; f++) h = fnv1a(h, *f, strlen(*f) + 1);
  for (const char *const *f = libraries; *f; f++) h = fnv1a(h, *f, strlen(*f) + 1);
#if defined(__x86_64__) && defined(__GNUC__)
  char cpu[8] = {(char)__builtin_cpu_supports("sse4.2"), (char)__builtin_cpu_supports("avx"),
                 (char)__builtin_cpu_supports("avx2"), (char)__builtin_cpu_supports("fma"),
                 (char)__builtin_cpu_supports("avx512f")};
  h = fnv1a(h, cpu, sizeof cpu);
#endif
  return h;
}

static int mkdirs(const char *path)
{
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
      *p = '/';
    }
  return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    GROW(buf, cap, n + 65536);
    size_t got = fread(buf + n, 1, 65536, f);
    n += got;
    if (got < 65536) break;
  }
  fclose(f);
  *len = n;
  return buf;
}

static bool same_source(const char *path, const char *source)
{
  size_t len = 0;
  char *text = read_file(path, &len);
  bool same = text && len == strlen(source) && memcmp(text, source, len) == 0;
  free(text);
  return same;
}

static int write_whole(const char *path, const char *text, size_t len)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, text + done, len - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      close(fd);
      return -1;
    }
    done += (size_t)w;
  }
  return close(fd);
}

/* A file of a compile under way (or of one that never finished):
 * native_start's temporary names. */
static bool is_temporary(const char *name)
{
  return strncmp(name, "nd-", 3) == 0 && strstr(name, ".tmp.");
}

/* Entries (a .so and its .c) of the cache, oldest use first. */
typedef struct Entry {
  char name[64];
  time_t used;
  size_t bytes;
} Entry;

static int by_use(const void *a, const void *b)
{
  const Entry *x = a, *y = b;
  return x->used < y->used ? -1 : x->used > y->used;
}

static Entry *list_entries(const char *dir, size_t *count)
{
  *count = 0;
  DIR *d = opendir(dir);
  if (!d) return NULL;
  Entry *e = NULL;
  size_t cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t len = strlen(de->d_name);
    if (len < 4 || len >= sizeof e->name || strcmp(de->d_name + len - 3, ".so") != 0 ||
        strncmp(de->d_name, "nd-", 3) != 0 || is_temporary(de->d_name))
      continue;
    char path[4200];
    struct stat so, c;
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    if (stat(path, &so) != 0) continue;
    snprintf(path, sizeof path, "%s/%.*s.c", dir, (int)(len - 3), de->d_name);
    size_t extra = stat(path, &c) == 0 ? (size_t)c.st_size : 0;
    GROW(e, cap, *count + 1);
    snprintf(e[*count].name, sizeof e->name, "%.*s", (int)(len - 3), de->d_name);
    e[*count].used = so.st_mtime;
    e[*count].bytes = (size_t)so.st_size + extra;
    (*count)++;
  }
  closedir(d);
  if (*count) qsort(e, *count, sizeof *e, by_use);
  return e;
}

static void remove_entry(const char *dir, const char *name)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/%s.so", dir, name);
  unlink(path);
  snprintf(path, sizeof path, "%s/%s.c", dir, name);
  unlink(path);
}

void native_cache_usage(size_t *entries, size_t *bytes)
{
  char dir[4096];
  native_cache_dir(dir, sizeof dir);
  size_t n;
  Entry *e = list_entries(dir, &n);
  *entries = n;
  *bytes = 0;
  for (size_t i = 0; i < n; i++) *bytes += e[i].bytes;
  free(e);
}

/* The files of compiles that never finished: a process killed while its
 * compiler ran (SIGKILL leaves no chance to clean up) leaves them behind.
 * Only old ones: a compile under way now may own the young ones. */
static void remove_stale_temporaries(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d) return;
  time_t now = time(NULL);
  struct dirent *de;
  while ((de = readdir(d))) {
    if (!is_temporary(de->d_name)) continue;
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    if (stat(path, &st) == 0 && now - st.st_mtime > 600) unlink(path);
  }
  closedir(d);
}

int native_cache_clear(void)
{
  char dir[4096];
  native_cache_dir(dir, sizeof dir);
  size_t n;
  Entry *e = list_entries(dir, &n);
  for (size_t i = 0; i < n; i++) remove_entry(dir, e[i].name);
  free(e);
  remove_stale_temporaries(dir);
  return 0;
}

/* Keep the cache under its size, oldest use out first (never `keep`). */
static void trim(const char *dir, const char *keep)
{
  size_t n, total = 0;
  Entry *e = list_entries(dir, &n);
  for (size_t i = 0; i < n; i++) total += e[i].bytes;
  for (size_t i = 0; i < n && total > NATIVE_CACHE_MAX; i++) {
    if (strcmp(e[i].name, keep) == 0) continue;
    remove_entry(dir, e[i].name);
    total -= e[i].bytes;
  }
  free(e);
  remove_stale_temporaries(dir);
}

/* ---- compiling and loading ------------------------------------------------- */

static double seconds_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A compile under way: the compiler is a child process writing tmp_so;
 * the entry's final names are c_path and so_path. */
struct NativeBuild {
  pid_t pid;
  double t0;
  char dir[4096], name[64];
  char c_path[4200], so_path[4200], tmp_c[4300], tmp_so[4300], log[4300];
};

/* Where the entry for this source lives. */
static void entry_paths(const char *source, NativeShape shape, char *dir, size_t dirsize,
                        char *name, size_t namesize, char *c_path, char *so_path, size_t pathsize)
{
  native_cache_dir(dir, dirsize);
  snprintf(name, namesize, "nd-%016llx", (unsigned long long)cache_key(source, shape));
  snprintf(c_path, pathsize, "%s/%s.c", dir, name);
  snprintf(so_path, pathsize, "%s/%s.so", dir, name);
}

/* cc FLAGS -o so c, its messages to log, started.  0, or -1 with err set. */
static int spawn_compiler(NativeBuild *b, NativeShape shape, char *err, size_t errsize)
{
  const char *argv[MAX_FLAGS + sizeof libraries / sizeof *libraries + 6];
  size_t k = 0;
  argv[k++] = compiler();
  for (const char *const *f = flags_for(shape); *f; f++) argv[k++] = *f;
  argv[k++] = "-o";
  argv[k++] = b->tmp_so;
  argv[k++] = b->tmp_c;
  for (const char *const *f = libraries; *f; f++) argv[k++] = *f;
  argv[k] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, b->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  /* A process group of its own: native_abandon stops the driver and its
   * cc1/as/ld at once, and the terminal's Ctrl-C is ours to deal with. */
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  int rc = posix_spawnp(&b->pid, argv[0], &fa, &attr, (char *const *)argv, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    snprintf(err, errsize, "cannot run the C compiler '%s': %s", compiler(), strerror(rc));
    return -1;
  }
  return 0;
}

/* The compiler's first line of complaint, after it failed. */
static void compiler_failed(const NativeBuild *b, int status, char *err, size_t errsize)
{
  size_t len = 0;
  char *log = read_file(b->log, &len);
  const char *first = log ? log : "";
  size_t cut = 0;
  while (cut < len && first[cut] != '\n' && cut < 200) cut++;
  if (cut == 0 && WIFSIGNALED(status))
    snprintf(err, errsize, "the C compiler '%s' was killed by signal %d", compiler(),
             WTERMSIG(status));
  else
    snprintf(err, errsize, "the C compiler '%s' failed%s%.*s", compiler(), cut ? ": " : "",
             (int)cut, first);
  free(log);
}

static void build_free(NativeBuild *b)
{
  unlink(b->tmp_c);
  unlink(b->tmp_so);
  unlink(b->log);
  free(b);
}

static NativeCode *open_library(const char *so_path, char *err, size_t errsize)
{
  void *lib = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(err, errsize, "cannot load native code: %s", dlerror());
    return NULL;
  }
  const int *abi = dlsym(lib, "nd_abi"), *fused = dlsym(lib, "nd_fused");
  const int *block = dlsym(lib, "nd_block");
  NativeCode *c = xcalloc(1, sizeof *c);
  c->lib = lib;
  *(void **)&c->exec = dlsym(lib, "nd_exec");
  *(void **)&c->steps = dlsym(lib, "nd_steps");
  c->block = block && *block > 0 ? (size_t)*block : 0;
  /* A scalar library: the rhs and what its inputs are; the loops are ours. */
  NativeScalar *sc = &c->scalar;
  *(void **)&sc->rhs = dlsym(lib, "nd_rhs1");
  const unsigned long *ns = dlsym(lib, "nd_nstates"), *ni = dlsym(lib, "nd_ninputs"),
                      *no = dlsym(lib, "nd_noutputs");
  sc->inputs = dlsym(lib, "nd_inputs");
  bool scalar_ok = sc->rhs && ns && ni && no && sc->inputs;
  if (scalar_ok) sc->nstates = *ns, sc->ninputs = *ni, sc->noutputs = *no;
  else sc->rhs = NULL;
  /* A scalar library's method is the caller's to set (native_use_method). */
  c->fused = c->steps && fused ? (NativeFused)*fused : NATIVE_FUSED_NONE;
  if (!abi || *abi != NATIVE_ABI || !(c->exec || scalar_ok) || !c->block) {
    snprintf(err, errsize, "native code '%s' is of another version", so_path);
    native_free(c);
    return NULL;
  }
  return c;
}

static NativeCode *find(const char *c_path, const char *so_path, const char *source)
{
  if (!same_source(c_path, source) || access(so_path, R_OK) != 0) return NULL;
  char err[300];
  NativeCode *c = open_library(so_path, err, sizeof err);
  if (c) utime(so_path, NULL); /* used now: trimmed last */
  return c;
}

NativeCode *native_find(const char *source, NativeShape shape)
{
  char dir[4096], name[64], c_path[4200], so_path[4200];
  entry_paths(source, shape, dir, sizeof dir, name, sizeof name, c_path, so_path, sizeof c_path);
  return find(c_path, so_path, source);
}

NativeBuild *native_start(const char *source, NativeShape shape, char *err, size_t errsize)
{
  NativeBuild *b = xcalloc(1, sizeof *b);
  b->t0 = seconds_now();
  entry_paths(source, shape, b->dir, sizeof b->dir, b->name, sizeof b->name, b->c_path,
              b->so_path, sizeof b->c_path);
  if (mkdirs(b->dir) != 0) {
    snprintf(err, errsize, "cannot create the cache directory '%s': %s", b->dir, strerror(errno));
    free(b);
    return NULL;
  }
  /* Unique names while writing (mkstemps: other processes, and other
   * threads of this one, may be compiling the same source); renamed into
   * place when complete. */
  snprintf(b->tmp_c, sizeof b->tmp_c, "%s/%s.XXXXXX.tmp.c", b->dir, b->name);
  int fd = mkstemps(b->tmp_c, 6);
  if (fd < 0) {
    snprintf(err, errsize, "cannot write in '%s': %s", b->dir, strerror(errno));
    free(b);
    return NULL;
  }
  close(fd);
  size_t stem = strlen(b->tmp_c) - 2; /* without ".c" */
  snprintf(b->tmp_so, sizeof b->tmp_so, "%.*s.so", (int)stem, b->tmp_c);
  snprintf(b->log, sizeof b->log, "%.*s.log", (int)stem, b->tmp_c);
  if (write_whole(b->tmp_c, source, strlen(source)) != 0) {
    snprintf(err, errsize, "cannot write '%s': %s", b->tmp_c, strerror(errno));
    build_free(b);
    return NULL;
  }
  if (spawn_compiler(b, shape, err, errsize) != 0) {
    build_free(b);
    return NULL;
  }
  return b;
}

int native_poll(NativeBuild *b, NativeCode **code, char *err, size_t errsize)
{
  int status;
  pid_t got;
  while ((got = waitpid(b->pid, &status, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (got == 0) return 0;
  *code = NULL;
  if (got < 0)
    snprintf(err, errsize, "waiting for the C compiler: %s", strerror(errno));
  else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    compiler_failed(b, status, err, errsize);
  else if (access(b->tmp_so, R_OK) != 0)
    snprintf(err, errsize, "the C compiler '%s' wrote no library", compiler());
  else if (rename(b->tmp_so, b->so_path) != 0 || rename(b->tmp_c, b->c_path) != 0)
    snprintf(err, errsize, "cannot write the cache '%s': %s", b->dir, strerror(errno));
  else if ((*code = open_library(b->so_path, err, errsize)))
    (*code)->compile_seconds = seconds_now() - b->t0;
  if (*code) trim(b->dir, b->name);
  build_free(b);
  return 1;
}

void native_abandon(NativeBuild *b)
{
  if (!b) return;
  /* SIGTERM: the driver removes its temporary files as it goes. */
  kill(-b->pid, SIGTERM);
  while (waitpid(b->pid, NULL, 0) < 0 && errno == EINTR) {
  }
  build_free(b);
}


void native_free(NativeCode *c)
{
  if (!c) return;
  if (c->lib) dlclose(c->lib);
  free(c);
}

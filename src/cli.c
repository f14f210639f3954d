/* cli.c: `neurode run`, `neurode check`, --help and --version.
 *
 * Options may come before or after the model file, as `--opt VALUE` or
 * `--opt=VALUE`.  Model defaults (`option` lines) are overridden by the
 * command line.  This is the only place (with main) that decides exit codes. */
#include <config.h>

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "columns.h"
#include "driver.h"
#include "parse.h"
#include "repl.h"
#include "session.h"
#include "stdpath.h"
#include <unistd.h>
#include "sink.h"
#include "stepper.h"
#include "workspace.h"

#define MAX_COPIES 100000000UL

static const char usage_text[] =
  "usage: neurode [-i MODEL]                 the interactive session (REPL)\n"
  "       neurode SCRIPT                     run a script's model and commands\n"
  "       neurode run FILE [--set NAME=EXPR]... [--init NAME=EXPR]... [--t T] [--dt DT]\n"
  "                        [--method M] [--rtol R --atol A] [--n N] [--vars a,b,...]\n"
  "                        [--every K] [--out PATH|-] [--seed S] [--stats]\n"
  "       neurode check FILE [--dump-ir|--dump-bytecode]\n"
  "       neurode --version | --help\n";

static const char help_text[] =
  "Simulate models of computational neuroscience written as equations.\n"
  "\n"
  "  neurode         a session: type equations and commands (run, set, plot,\n"
  "                  phase, show, save, output, help ...); with standard input\n"
  "                  not a terminal, its lines are read as a script\n"
  "  neurode SCRIPT  a model file followed by commands, run in order\n"
  "  -i MODEL        load MODEL first, then the session\n"
  "\n"
  "  run FILE        simulate FILE and write a CSV (t, then the chosen variables)\n"
  "  check FILE      check FILE and summarise it; with --dump-ir or --dump-bytecode\n"
  "                  print the compiled right-hand side\n"
  "\n"
  "Options of run:\n"
  "  --set NAME=EXPR   set a parameter; EXPR may use other parameters, and i (the\n"
  "                    copy's index) and N (the number of copies) with --n\n"
  "  --init NAME=EXPR  set a state variable's initial value (same names as --set)\n"
  "  --t T             end time (default: the file's 'option t', else 100)\n"
  "  --dt DT           time step; for rk45 the output interval (default 0.01)\n"
  "  --method M        euler, rk2, rk4 (default), rk45, expeuler\n"
  "  --rtol R --atol A error tolerances of rk45 (default 1e-6 and 1e-9)\n"
  "  --n N             run N independent copies of the model\n"
  "  --vars LIST       columns: states, intermediates or parameters, e.g. V,I_Na,V[3]\n"
  "  --every K         write every K-th step (default 1)\n"
  "  --out PATH        write the CSV to PATH ('-', the default, is standard output)\n"
  "  --seed S          seed for stochastic models (same seed, same output)\n"
  "  --stats           print step counts to standard error\n"
  "\n"
  "Model files are found by path, or by name in $NEURODE_PATH and the installed\n"
  "stdlib (e.g. 'neurode run hh').  See neurode(1) and neurode(5).\n";

static int usage_error(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
static int usage_error(Diag *d, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vfail(d, fmt, ap);
  va_end(ap);
  fputs("Try 'neurode --help'.\n", d->out);
  return EXIT_USAGE;
}

/* ---- option values ------------------------------------------------------ */

static bool parse_number(const char *s, double *out)
{
  if (!*s) return false;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (*end || errno == ERANGE || !isfinite(v)) return false;
  *out = v;
  return true;
}

static bool parse_count(const char *s, unsigned long max, unsigned long *out)
{
  double v;
  if (!parse_number(s, &v) || v < 1 || v != floor(v) || v > (double)max) return false;
  *out = (unsigned long)v;
  return true;
}

typedef struct Assignment {
  const char *text; /* NAME=EXPR as typed */
  const char *opt;  /* "--set" or "--init" */
} Assignment;

typedef struct RunArgs {
  const char *file;
  Assignment *sets, *inits;
  size_t nsets, ninits, sets_cap, inits_cap;
  const char *t, *dt, *method, *rtol, *atol, *n, *vars, *every, *out, *seed;
  bool stats;
  bool dump_ir, dump_bytecode;
} RunArgs;

static void free_args(RunArgs *a)
{
  free(a->sets);
  free(a->inits);
}

/* Split argv into options and the file.  Returns 0 or EXIT_USAGE. */
static int parse_args(int argc, char **argv, bool is_run, RunArgs *a, Diag *d)
{
  struct {
    const char *name;
    const char **slot;
  } valued[] = {
    {"t", &a->t}, {"dt", &a->dt}, {"method", &a->method}, {"rtol", &a->rtol},
    {"atol", &a->atol}, {"n", &a->n}, {"vars", &a->vars}, {"every", &a->every},
    {"out", &a->out}, {"seed", &a->seed},
  };
  for (int i = 0; i < argc; i++) {
    const char *arg = argv[i];
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
      if (a->file)
        return usage_error(d, "unexpected argument '%s' (the model file is '%s')", arg, a->file);
      a->file = arg;
      continue;
    }
    char name[32];
    const char *eq = strchr(arg + 2, '=');
    size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    snprintf(name, sizeof name, "%.*s", (int)(len < 31 ? len : 31), arg + 2);
    const char *value = eq ? eq + 1 : NULL;

    if (!is_run) {
      if (strcmp(name, "dump-ir") == 0 && !value) a->dump_ir = true;
      else if (strcmp(name, "dump-bytecode") == 0 && !value) a->dump_bytecode = true;
      else return usage_error(d, "unknown option '%s' for 'check'", arg);
      continue;
    }
    if (strcmp(name, "stats") == 0 && !value) {
      a->stats = true;
      continue;
    }
    bool is_set = strcmp(name, "set") == 0, is_init = strcmp(name, "init") == 0;
    const char **slot = NULL;
    for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
      if (strcmp(valued[k].name, name) == 0) slot = valued[k].slot;
    if (!slot && !is_set && !is_init) {
      if (strcmp(name, "dump-ir") == 0 || strcmp(name, "dump-bytecode") == 0)
        return usage_error(d, "'--%s' belongs to 'neurode check'", name);
      return usage_error(d, "unknown option '--%s'", name);
    }
    if (!value) {
      if (i + 1 >= argc) return usage_error(d, "option '--%s' needs a value", name);
      value = argv[++i];
    }
    if (is_set || is_init) {
      Assignment as = {value, is_set ? "--set" : "--init"};
      if (is_set) {
        GROW(a->sets, a->sets_cap, a->nsets + 1);
        a->sets[a->nsets++] = as;
      } else {
        GROW(a->inits, a->inits_cap, a->ninits + 1);
        a->inits[a->ninits++] = as;
      }
    } else {
      *slot = value;
    }
  }
  if (!a->file) return usage_error(d, "no model file given");
  return 0;
}

/* ---- --set and --init --------------------------------------------------- */

static bool is_ident(const char *s, size_t n)
{
  if (n == 0 || !(s[0] == '_' || ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z'))) return false;
  for (size_t i = 1; i < n; i++) {
    char c = s[i];
    if (!(c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')))
      return false;
  }
  return true;
}

/* Parse each NAME=EXPR into an Override; returns false after reporting. */
static bool parse_assignments(Workspace *w, const Assignment *as, size_t n, bool params,
                              Override *out, Diag *d)
{
  const Model *m = w->model;
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    Source *src = source_from_string(as[i].opt, as[i].text);
    workspace_adopt_source(w, src);
    const char *eq = strchr(src->text, '=');
    size_t nlen = eq ? (size_t)(eq - src->text) : strlen(src->text);
    while (nlen > 0 && src->text[nlen - 1] == ' ') nlen--;
    Loc name_loc = {0, (uint32_t)nlen};
    if (!eq || !is_ident(src->text, nlen)) {
      Loc all = {0, (uint32_t)src->len};
      diag_error(d, src, eq ? name_loc : all, "expected NAME=EXPR");
      diag_note(d, "e.g. %s %s", as[i].opt, params ? "I_ext=10" : "V=-65");
      ok = false;
      continue;
    }
    char *name = arena_strndup(&workspace_new_ast(w)->arena, src->text, nlen);
    const Symbol *s = model_lookup(m, name);
    SymKind want = params ? SYM_PARAM : SYM_STATE;
    if (!s || s->kind != want) {
      if (s && s->kind == SYM_STATE && params) {
        diag_error(d, src, name_loc, "'%s' is a state variable, not a parameter", name);
        diag_note(d, "set its starting value with --init %s=...", name);
      } else if (s && s->kind == SYM_PARAM && !params) {
        diag_error(d, src, name_loc, "'%s' is a parameter, not a state variable", name);
        diag_note(d, "set it with --set %s=...", name);
      } else if (s) {
        diag_error(d, src, name_loc, "'%s' is %s, not a %s", name,
                   s->kind == SYM_INTER ? "an intermediate" : "a function",
                   params ? "parameter" : "state variable");
      } else {
        diag_error(d, src, name_loc, "'%s' is not a %s of this model", name,
                   params ? "parameter" : "state variable");
        const char **cands = xmalloc((m->nparams + m->nstates + 1) * sizeof *cands);
        size_t nc = 0;
        for (size_t k = 0; k < m->nsyms; k++)
          if (m->syms[k].kind == want) cands[nc++] = m->syms[k].name;
        const char *best = diag_closest(name, cands, nc);
        if (best) diag_note(d, "did you mean '%s'?", best);
        free(cands);
      }
      ok = false;
      continue;
    }
    Ast *ast = workspace_new_ast(w);
    const Expr *e = parse_expr(src, (size_t)(eq - src->text) + 1, &ast->arena, d);
    if (!e) {
      ok = false;
      continue;
    }
    out[i].name = name;
    out[i].value = e;
    out[i].src = src;
  }
  return ok;
}

/* ---- run ---------------------------------------------------------------- */

static volatile sig_atomic_t interrupt_flag;

static void on_sigint(int sig)
{
  (void)sig;
  interrupt_flag = 1;
}

typedef struct RunSettings {
  const StepperType *method;
  double t_end, dt, rtol, atol;
  unsigned long every, n, seed;
  const char *out;
} RunSettings;

/* Command line over file options over built-in defaults. */
static int resolve_settings(const RunArgs *a, const ModelOptions *o, RunSettings *s, Diag *d)
{
  RunSpec defaults;
  run_defaults(o, &defaults, &s->t_end);
  s->dt = defaults.dt;
  s->rtol = defaults.rtol;
  s->atol = defaults.atol;
  s->every = (unsigned long)defaults.every;
  s->method = defaults.method;
  s->n = 1;
  s->seed = 0;
  s->out = a->out ? a->out : "-";
  struct {
    const char *opt, *value;
    double *dst;
  } positive[] = {
    {"--t", a->t, &s->t_end}, {"--dt", a->dt, &s->dt},
    {"--rtol", a->rtol, &s->rtol}, {"--atol", a->atol, &s->atol},
  };
  for (size_t i = 0; i < sizeof positive / sizeof positive[0]; i++) {
    if (!positive[i].value) continue;
    double v;
    if (!parse_number(positive[i].value, &v) || v <= 0)
      return usage_error(d, "%s expects a positive number, not '%s'", positive[i].opt,
                         positive[i].value);
    *positive[i].dst = v;
  }
  if (a->every && !parse_count(a->every, 1000000000UL, &s->every))
    return usage_error(d, "--every expects a whole number of steps (1 or more), not '%s'", a->every);
  if (a->n && !parse_count(a->n, MAX_COPIES, &s->n))
    return usage_error(d, "--n expects a number of copies from 1 to %lu, not '%s'", MAX_COPIES, a->n);
  if (a->seed) {
    double v;
    if (!parse_number(a->seed, &v) || v < 0 || v != floor(v) || v > 18446744073709549568.0)
      return usage_error(d, "--seed expects a whole number (0 or more), not '%s'", a->seed);
    s->seed = (unsigned long)v;
  }
  if (a->method) {
    s->method = stepper_find(a->method);
    if (!s->method)
      return usage_error(d, "unknown method '%s' (known methods: %s)", a->method, stepper_names());
  }
  if (!s->method->adaptive && (a->rtol || a->atol))
    diag_warn(d, "--rtol and --atol only affect --method rk45");
  if (s->t_end / s->dt > 1e12)
    return usage_error(d, "--t %g with --dt %g would take more than 10^12 steps", s->t_end, s->dt);
  return 0;
}

static int cmd_run(const RunArgs *a, Diag *d)
{
  Workspace w;
  workspace_init(&w);
  RunSettings set;
  Columns *cols = NULL;
  Sink *sink = NULL;
  double *y = NULL;
  Override *povr = NULL, *iovr = NULL;
  int rc = workspace_load_file(&w, a->file, session_is_command, d);
  if (rc) goto done;
  rc = EXIT_USAGE;
  if (!workspace_build(&w, d)) goto done;
  if (resolve_settings(a, &w.model->opts, &set, d)) goto done;

  povr = xcalloc(a->nsets + 1, sizeof *povr);
  iovr = xcalloc(a->ninits + 1, sizeof *iovr);
  bool ok = parse_assignments(&w, a->sets, a->nsets, true, povr, d);
  ok = parse_assignments(&w, a->inits, a->ninits, false, iovr, d) && ok;
  if (!ok) goto done;

  System *sys = w.sys;
  size_t dim = sys->nstates * set.n;
  y = xmalloc((dim + 1) * sizeof *y);
  if (!system_setup(sys, set.n, povr, a->nsets, iovr, a->ninits, y, d)) goto done;

  char err[320];
  cols = columns_parse(w.model, set.n, a->vars, err, sizeof err);
  if (!cols) {
    rc = usage_error(d, "%s", err);
    goto done;
  }
  sink = sink_csv_open(set.out, err, sizeof err);
  if (!sink) {
    diag_fail(d, "%s", err);
    rc = EXIT_RUNTIME;
    goto done;
  }

  RunSpec spec = {
    .method = set.method, .t0 = 0, .t_end = set.t_end, .dt = set.dt,
    .every = (long)set.every, .rtol = set.rtol, .atol = set.atol,
    .interrupt = &interrupt_flag, .write_initial = true,
  };
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  RunResult res = driver_run(sys, &spec, y, cols, sink, d);
  sigaction(SIGINT, &old, NULL);

  if (a->stats)
    fprintf(stderr, "neurode: %s: %lu steps, %lu rejected, %lu right-hand-side evaluations, "
                    "%lu rows, t = %.10g\n",
            set.method->name, res.steps, res.rejected, res.nevals, res.rows, res.t);
  switch (res.status) {
  case RUN_DONE: rc = EXIT_OK; break;
  case RUN_INTERRUPTED:
    diag_fail(d, "interrupted at t = %.10g; the output holds the rows up to there", res.t);
    rc = 130;
    break;
  default: rc = EXIT_RUNTIME; break;
  }

done:
  sink_close(sink);
  columns_free(cols);
  free(y);
  free(povr);
  free(iovr);
  workspace_free(&w);
  return rc;
}

/* ---- check -------------------------------------------------------------- */

static void list_names(FILE *out, const char *label, const Stmt **items, size_t n)
{
  fprintf(out, "  %-15s %zu", label, n);
  for (size_t i = 0; i < n; i++) fprintf(out, "%s%s", i ? ", " : ": ", items[i]->name);
  fputc('\n', out);
}

static int cmd_check(const RunArgs *a, Diag *d)
{
  Workspace w;
  workspace_init(&w);
  int rc = workspace_load_file(&w, a->file, session_is_command, d);
  if (rc == 0 && !workspace_build(&w, d)) rc = EXIT_USAGE;
  if (rc == 0) {
    const Model *m = w.model;
    if (a->dump_ir) system_dump_ir(w.sys, stdout);
    if (a->dump_bytecode) system_dump_bytecode(w.sys, stdout);
    if (!a->dump_ir && !a->dump_bytecode) {
      printf("%s: ok\n", w.path);
      list_names(stdout, "states", m->states, m->nstates);
      list_names(stdout, "parameters", m->params, m->nparams);
      list_names(stdout, "intermediates", m->inters, m->ninters);
      list_names(stdout, "functions", m->funcs, m->nfuncs);
      printf("  %-15s", "expeuler");
      size_t lin = 0;
      for (size_t i = 0; i < m->nstates; i++) lin += system_is_linear(w.sys, i);
      if (lin == m->nstates) printf(" every equation is linear in its own variable\n");
      else if (lin == 0) printf(" no equation is linear in its own variable: forward Euler\n");
      else {
        printf(" exponential for");
        for (size_t i = 0, k = 0; i < m->nstates; i++)
          if (system_is_linear(w.sys, i)) printf("%s%s", k++ ? ", " : " ", m->states[i]->name);
        printf("; forward Euler for the rest\n");
      }
      printf("  %-15s %zu %s, %zu %s\n", "right-hand side", w.sys->rhs->ncode,
             diag_plural(w.sys->rhs->ncode, "instruction", "instructions"), w.sys->rhs->ntemps,
             diag_plural(w.sys->rhs->ntemps, "temporary", "temporaries"));
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
      diag_fail(d, "cannot write to standard output: %s", strerror(errno));
      rc = EXIT_RUNTIME;
    }
  }
  workspace_free(&w);
  return rc;
}

/* The session: interactive on a terminal, else a script from stdin or FILE. */
static int cmd_session(const char *model, const char *script, Diag *d)
{
  Session s;
  session_init(&s, d, stdout, &repl_interrupt);
  s.interactive = !script && isatty(STDIN_FILENO);
  if (s.interactive) printf("neurode %s -- 'help' lists the commands, Ctrl-D quits\n", PACKAGE_VERSION);
  int rc = 0;
  if (model && !session_load(&s, model)) rc = diag_end(d) == DIAG_RUNTIME ? EXIT_RUNTIME : EXIT_USAGE;
  if (rc == 0) {
    if (script) {
      char *path = stdpath_resolve(script);
      FILE *f = path ? fopen(path, "r") : NULL;
      if (!f) {
        diag_fail(d, "cannot open '%s': %s", script, strerror(errno));
        rc = EXIT_RUNTIME;
      } else {
        rc = repl_script(&s, f, path);
        fclose(f);
      }
      free(path);
    } else if (isatty(STDIN_FILENO)) {
      rc = repl_interactive(&s);
    } else {
      rc = repl_script(&s, stdin, "<stdin>");
    }
  }
  if (fflush(stdout) != 0 && rc == 0) {
    diag_fail(d, "cannot write to standard output: %s", strerror(errno));
    rc = EXIT_RUNTIME;
  }
  session_free(&s);
  return rc;
}

int cli_main(int argc, char **argv)
{
  Diag diag;
  diag_init(&diag, stderr);
  if (argc < 2) return cmd_session(NULL, NULL, &diag);
  const char *cmd = argv[1];
  if (strcmp(cmd, "-i") == 0) {
    if (argc != 3) return usage_error(&diag, "-i expects one model file");
    return cmd_session(argv[2], NULL, &diag);
  }
  if (cmd[0] != '-' && strcmp(cmd, "run") != 0 && strcmp(cmd, "check") != 0 &&
      strcmp(cmd, "help") != 0) {
    if (argc != 2) {
      char *path = stdpath_resolve(cmd);
      free(path);
      if (!path)
        return usage_error(&diag, "unknown command '%s' (expected run, check, or a script file)", cmd);
      return usage_error(&diag, "a script takes no arguments (got '%s')", argv[2]);
    }
    return cmd_session(NULL, cmd, &diag);
  }
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage_text, stdout);
    fputs("\n", stdout);
    fputs(help_text, stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("neurode %s\n", PACKAGE_VERSION);
    return EXIT_OK;
  }
  bool is_run = strcmp(cmd, "run") == 0;
  if (!is_run && strcmp(cmd, "check") != 0)
    return usage_error(&diag, "unknown option '%s'", cmd);
  RunArgs a;
  memset(&a, 0, sizeof a);
  int rc = parse_args(argc - 2, argv + 2, is_run, &a, &diag);
  if (rc == 0) rc = is_run ? cmd_run(&a, &diag) : cmd_check(&a, &diag);
  diag_end(&diag);
  free_args(&a);
  return rc;
}

/* cli.c: `neurode run`, `neurode check`, --help and --version.
 *
 * Options may come before or after the model file, as `--opt VALUE` or
 * `--opt=VALUE`; the run settings among them are the table of settings.h.
 * Model defaults (`option` lines) are overridden by the command line.  A file
 * is read as a session reads a script (session.h), so `check`, `run` and
 * `neurode FILE` agree on what is model text and what is a command.  This is
 * the only place (with main) that decides exit codes. */
#include <config.h>

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "columns.h"
#include "driver.h"
#include "parse.h"
#include "progress.h"
#include "repl.h"
#include "session.h"
#include "session_cmds.h"
#include "settings.h"
#include "backend.h"
#include "sink.h"
#include "stdpath.h"

static const char usage_text[] =
  "usage: neurode [-i MODEL]                 the interactive session (REPL)\n"
  "       neurode SCRIPT                     run a script's model and commands\n"
  "       neurode run FILE [--set NAME=EXPR]... [--init NAME=EXPR]... [--t T] [--dt DT]\n"
  "                        [--method M] [--rtol R --atol A] [--n N] [--vars a,b,...]\n"
  "                        [--every K] [--max-steps N] [--out PATH|-] [--spikes PATH|-]\n"
  "                        [--seed S] [--stats]\n"
  "       neurode check FILE [--dump-ir|--dump-bytecode|--emit-c]\n"
  "       neurode cache [clear]\n"
  "       neurode fixed|nullclines|period|sweep|threshold|continue|bifurcation|prc FILE\n"
  "                        [--set NAME=EXPR]... [ARGS]\n"
  "       neurode --version | --help\n";

static const char help_intro[] =
  "Simulate models of computational neuroscience written as equations.\n"
  "\n"
  "  neurode         a session: type equations and commands (run, set, plot,\n"
  "                  phase, show, save, output, help ...); with standard input\n"
  "                  not a terminal, its lines are read as a script\n"
  "  neurode SCRIPT  a model file followed by commands, run in order\n"
  "  -i MODEL        load MODEL first, then the session\n"
  "\n"
  "  run FILE        simulate FILE and write a CSV (t, then the chosen variables)\n"
  "  check FILE      check FILE (its commands too, without running them) and\n"
  "                  summarise it; --dump-ir or --dump-bytecode print the\n"
  "                  compiled right-hand side, --emit-c the native backend's C\n"
  "  cache [clear]   where compiled native code is kept and its size; clear\n"
  "                  empties it\n"
  "  fixed, nullclines, period, sweep, threshold, continue, bifurcation, prc FILE\n"
  "                  the session's analyses: 'load FILE', the --set values,\n"
  "                  then the command with ARGS ('neurode sweep hh I_ext 0 20 1\n"
  "                  measure spikes'; 'help sweep' in a session explains it)\n"
  "\n"
  "Options of run:\n"
  "  --set NAME=EXPR     set a parameter; EXPR may use other parameters, and i (the\n"
  "                      copy's index) and N (the number of copies) with --n\n"
  "  --init NAME=EXPR    set a state variable's initial value (same names as --set)\n"
  "  --vars LIST         columns: states, intermediates or parameters, e.g. V,I_Na,V[3]\n"
  "  --out PATH          write the CSV to PATH ('-', the default, is standard output);\n"
  "                      PATH is replaced only when the run succeeds\n"
  "  --spikes PATH       write every spike as CSV (t, group, index) to PATH ('-':\n"
  "                      standard output, and then the rows only with --out)\n"
  "  --stats             print step counts to standard error\n";

static const char help_outro[] =
  "\n"
  "Model files are found by path, or by name in $NEURODE_PATH and the installed\n"
  "stdlib (e.g. 'neurode run hh').  See neurode(1) and neurode(5).\n";

static void print_help(void)
{
  fputs(usage_text, stdout);
  fputs("\n", stdout);
  fputs(help_intro, stdout);
  /* The run settings, from their table. */
  for (int i = 0; i < SETTING__COUNT; i++) {
    const SettingDef *d = &setting_table[i];
    if (!(d->where & IN_CLI)) continue;
    char opt[40];
    snprintf(opt, sizeof opt, "--%s %s", d->flag, d->arg);
    printf("  %-19s %s\n", opt, d->doc);
  }
  fputs("\nMethods (--method):\n", stdout);
  for (size_t i = 0; i < stepper_count; i++)
    printf("  %-19s %s\n", stepper_table[i]->name, stepper_table[i]->summary);
  fputs(help_outro, stdout);
}

static int usage_error(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
static int usage_error(Diag *d, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vusage(d, fmt, ap);
  va_end(ap);
  fputs("Try 'neurode --help'.\n", d->out);
  return EXIT_USAGE;
}

/* ---- arguments ------------------------------------------------------------- */

typedef struct Assignment {
  const char *text; /* NAME=EXPR as typed */
  const char *opt;  /* "--set" or "--init" */
} Assignment;

typedef struct RunArgs {
  const char *file;
  Assignment *sets, *inits;
  size_t nsets, ninits, sets_cap, inits_cap;
  Settings given; /* run settings from the command line */
  const char *vars, *out, *spikes;
  bool stats;
  bool dump_ir, dump_bytecode, emit_c;
} RunArgs;

static void free_args(RunArgs *a)
{
  free(a->sets);
  free(a->inits);
  settings_free(&a->given);
}

static int unknown_option(Diag *d, const char *arg, const char *name, bool is_run)
{
  const char *cands[SETTING__COUNT + 8];
  size_t n = 0;
  if (is_run) {
    for (int i = 0; i < SETTING__COUNT; i++)
      if ((setting_table[i].where & IN_CLI) && setting_table[i].flag)
        cands[n++] = setting_table[i].flag;
    cands[n++] = "set", cands[n++] = "init", cands[n++] = "vars", cands[n++] = "out",
    cands[n++] = "stats", cands[n++] = "spikes";
  } else {
    cands[n++] = "dump-ir", cands[n++] = "dump-bytecode", cands[n++] = "emit-c";
  }
  const char *best = diag_closest(name, cands, n);
  /* --tmax, --T: the length of a run is --t. */
  if (!best && is_run && (strcmp(name, "T") == 0 || strncmp(name, "tmax", 4) == 0 ||
                          strcmp(name, "tend") == 0 || strcmp(name, "time") == 0))
    best = "t";
  if (best)
    return usage_error(d, "unknown option '%s'%s (did you mean '--%s'?)", arg,
                       is_run ? "" : " for 'check'", best);
  return usage_error(d, "unknown option '%s'%s", arg, is_run ? "" : " for 'check'");
}

/* Split argv into options and the file.  Returns 0 or EXIT_USAGE. */
static int parse_args(int argc, char **argv, bool is_run, RunArgs *a, Diag *d)
{
  settings_init(&a->given);
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
      else if (strcmp(name, "emit-c") == 0 && !value) a->emit_c = true;
      else return unknown_option(d, arg, name, false);
      continue;
    }
    if (strcmp(name, "stats") == 0 && !value) {
      a->stats = true;
      continue;
    }
    const SettingDef *def = setting_find(name, true);
    if (def && !(def->where & IN_CLI)) def = NULL;
    bool is_set = strcmp(name, "set") == 0, is_init = strcmp(name, "init") == 0;
    bool is_vars = strcmp(name, "vars") == 0, is_out = strcmp(name, "out") == 0;
    bool is_spikes = strcmp(name, "spikes") == 0;
    if (!def && !is_set && !is_init && !is_vars && !is_out && !is_spikes) {
      if (strcmp(name, "dump-ir") == 0 || strcmp(name, "dump-bytecode") == 0 ||
          strcmp(name, "emit-c") == 0)
        return usage_error(d, "'--%s' belongs to 'neurode check'", name);
      return unknown_option(d, arg, name, true);
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
    } else if (is_vars) {
      a->vars = value;
    } else if (is_out) {
      a->out = value;
    } else if (is_spikes) {
      a->spikes = value;
    } else {
      char label[40];
      snprintf(label, sizeof label, "--%s", def->flag);
      SettingError err;
      if (!setting_parse(&a->given, def, value, label, &err)) {
        if (err.hint[0]) return usage_error(d, "%s (%s)", err.msg, err.hint);
        return usage_error(d, "%s", err.msg);
      }
    }
  }
  if (!a->file) return usage_error(d, "no model file given");
  if (a->spikes && strcmp(a->spikes, "-") == 0 && a->out && strcmp(a->out, "-") == 0)
    return usage_error(d, "--spikes - and --out - would both write to standard output "
                          "(give one of them a file)");
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

/* ---- reading a file --------------------------------------------------------- */

/* Read FILE as a session reads a script, in the given mode.  Returns 0 or
 * the exit status of the failure. */
static int read_model(Session *s, const char *file, CommandMode mode)
{
  s->mode = mode;
  bool missing = false;
  bool ok = session_read_file(s, file, &missing) && session_finish(s);
  if (!ok) return missing ? EXIT_RUNTIME : (s->diag->worst == DIAG_RUNTIME ? EXIT_RUNTIME : EXIT_USAGE);
  if (!s->ws.model) {
    diag_usage(s->diag, "%s holds no model: no equation, parameter or intermediate", s->ws.path);
    return EXIT_USAGE;
  }
  return 0;
}

/* ---- spikes as CSV ------------------------------------------------------- */

typedef struct CsvSpikes {
  SpikeSink base;
  Sink *csv;
} CsvSpikes;

static int csv_spike(SpikeSink *s, double t, size_t copy)
{
  CsvSpikes *c = (CsvSpikes *)s;
  /* The time as the rows write numbers (the shortest form that reads
   * back, format_double: cheap; printf's %.17g was most of a run's cost). */
  static const char group[] = "," SPIKES_GROUP ",";
  char line[96], digits[24];
  size_t n = (size_t)format_double(line, 32, t), nd = 0;
  memcpy(line + n, group, sizeof group - 1);
  n += sizeof group - 1;
  /* The index by hand: snprintf cost a seventh of a run of 10,000 LIF. */
  do digits[nd++] = (char)('0' + copy % 10); while ((copy /= 10) != 0);
  while (nd) line[n++] = digits[--nd];
  line[n++] = '\n';
  if (sink_csv_line(c->csv, line, n) == 0) return 0;
  snprintf(s->error, sizeof s->error, "%s", c->csv->error);
  return -1;
}

/* ---- run ---------------------------------------------------------------- */

/* SIGINT, SIGTERM and SIGHUP end a run the same way: the rows so far
 * complete, a message, and the exit status 128 + the signal. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
  stop_signal = sig;
}

static int cmd_run(const RunArgs *a, Diag *d)
{
  Session s;
  session_init(&s, &command_set, d, stdout, NULL);
  Columns *cols = NULL;
  Sink *sink = NULL;
  CsvSpikes spk = {{csv_spike, ""}, NULL};
  double *y = NULL;
  Override *povr = NULL, *iovr = NULL;
  Instance *inst = NULL;
  int rc = read_model(&s, a->file, COMMANDS_SKIP);
  if (rc) goto done;
  Workspace *w = &s.ws;
  if (s.ncommands)
    diag_info(d, "%s is a script: its %zu command %s skipped (run it as 'neurode %s')", w->path,
              s.ncommands, diag_plural(s.ncommands, "line was", "lines were"), a->file);
  rc = EXIT_USAGE;
  if (w->model->nstates == 0) {
    diag_usage(d, "%s has no state variables (no dX/dt = ... equation): there is nothing to "
                  "integrate", w->path);
    goto done;
  }
  Settings set;
  settings_defaults(&set);
  settings_model_defaults(&set, w->model);
  settings_overlay(&set, &w->opts);
  settings_overlay(&set, &a->given);
  RunSpec spec = {0};
  double t_end;
  settings_spec(&set, &spec, &t_end);
  size_t n = (size_t)set.num[SET_COPIES];
  double seed = set.num[SET_SEED];
  SettingError fit;
  bool fits = settings_fit_model(&set, w->model, &fit);
  settings_free(&set);
  if (!fits) {
    diag_usage(d, "%s", fit.msg);
    diag_note(d, "%s", fit.hint);
    goto done;
  }
  if (!spec.method->adaptive && (settings_has(&a->given, SET_RTOL) || settings_has(&a->given, SET_ATOL)))
    diag_warn(d, "--rtol and --atol only affect --method rk45");
  if (t_end / spec.dt > 1e12) {
    rc = usage_error(d, "--t %g with --dt %g would take more than 10^12 steps", t_end, spec.dt);
    goto done;
  }

  povr = xcalloc(a->nsets + 1, sizeof *povr);
  iovr = xcalloc(a->ninits + 1, sizeof *iovr);
  bool ok = parse_assignments(w, a->sets, a->nsets, true, povr, d);
  ok = parse_assignments(w, a->inits, a->ninits, false, iovr, d) && ok;
  if (!ok) goto done;
  /* On a domain the points are the copies. */
  GridShape shape;
  if (w->model->domain) {
    if (!grid_shape(w->cm, povr, a->nsets, &shape, d)) goto done;
    n = shape.n;
  }

  if ((double)w->cm->nstates * (double)n > 1e10) {
    diag_fail(d, "%zu copies of %zu states is more than this program can hold", n, w->cm->nstates);
    rc = EXIT_RUNTIME;
    goto done;
  }
  inst = instance_new(w->cm, n);
  instance_set_seed(inst, seed);
  if (w->model->stochastic && !settings_has(&a->given, SET_SEED))
    diag_info(d, "random seed %.0f (--seed sets it)", seed);
  y = xmalloc((inst->layout.size + 1) * sizeof *y);
  if (!instance_setup(inst, povr, a->nsets, iovr, a->ninits, y, d)) goto done;

  char err[400];
  cols = columns_parse(w->model, n, w->model->domain ? &shape : NULL, a->vars, err, sizeof err);
  if (!cols) {
    rc = usage_error(d, "--vars: %s", err);
    goto done;
  }
  if (a->spikes) {
    if (!model_has_spikes(w->model))
      diag_warn(d, "the model has no spike event (on V >= ...): --spikes writes only a header");
    spk.csv = sink_csv_open(a->spikes, err, sizeof err);
    static const char *const spike_cols[] = {"t", "group", "index"};
    if (!spk.csv || sink_begin(spk.csv, spike_cols, 3) != 0) {
      diag_fail(d, "%s", spk.csv ? spk.csv->error : err);
      rc = EXIT_RUNTIME;
      goto done;
    }
    spec.spikes = &spk.base;
  }
  /* Spikes on standard output replace the rows there. */
  bool no_rows = a->spikes && strcmp(a->spikes, "-") == 0 && !a->out;
  sink = no_rows ? sink_null_open() : sink_csv_open(a->out ? a->out : "-", err, sizeof err);
  if (!sink) {
    diag_fail(d, "%s", err);
    rc = EXIT_RUNTIME;
    goto done;
  }

  spec.t0 = 0;
  spec.k0 = 0;
  spec.t_end = t_end;
  spec.interrupt = &stop_signal;
  spec.write_initial = true;
  struct sigaction sa, old[3];
  static const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; i++) sigaction(sigs[i], &sa, &old[i]);
  /* A long run shows how far it is on a terminal's standard error. */
  Progress bar;
  progress_init(&bar, stderr, "Ctrl-C stops");
  spec.progress = progress_callback;
  spec.progress_ctx = &bar;
  d->before_message = progress_before_message;
  d->before_ctx = &bar;
  progress_start(&bar);
  RunResult res = driver_run(inst, &spec, y, cols, sink, d);
  progress_clear(&bar);
  d->before_message = NULL;
  d->before_ctx = NULL;
  for (int i = 0; i < 3; i++) sigaction(sigs[i], &old[i], NULL);

  if (a->stats)
    fprintf(stderr, "neurode: %s: %lu %s, %lu rejected, %lu right-hand-side %s, %lu %s, "
                    "t = %.10g\n",
            spec.method->name, res.steps, diag_plural(res.steps, "step", "steps"), res.rejected,
            res.nevals, diag_plural(res.nevals, "evaluation", "evaluations"), res.rows,
            diag_plural(res.rows, "row", "rows"), res.t);
  if (a->stats && res.native) {
    if (res.native_from > 0)
      fprintf(stderr, "neurode: native code from step %lu on, compiled in %.2f s while the VM "
                      "ran\n", res.native_from, res.compile_seconds);
    else if (res.compile_seconds > 0)
      fprintf(stderr, "neurode: native code, compiled in %.2f s\n", res.compile_seconds);
    else
      fprintf(stderr, "neurode: native code, from the cache\n");
  }
  if (res.status == RUN_DONE && sink_commit(sink) != 0) {
    diag_fail(d, "%s", sink->error);
    res.status = RUN_SINK_ERROR;
  }
  if (spk.csv && res.status == RUN_DONE && (sink_end(spk.csv) != 0 || sink_commit(spk.csv) != 0)) {
    diag_fail(d, "%s", spk.csv->error);
    res.status = RUN_SINK_ERROR;
  }
  switch (res.status) {
  case RUN_DONE: rc = EXIT_OK; break;
  case RUN_INTERRUPTED:
    diag_fail(d, "%s at t = %.10g", stop_signal == SIGTERM ? "terminated (SIGTERM)"
                                     : stop_signal == SIGHUP ? "hung up (SIGHUP)"
                                                             : "interrupted",
              res.t);
    rc = 128 + (int)stop_signal;
    break;
  default: /* a model error found when the run starts (a value out of range) exits 2 */
    rc = d->worst == DIAG_MODEL ? EXIT_USAGE : EXIT_RUNTIME;
    break;
  }
  if (rc != EXIT_OK && res.status != RUN_SINK_ERROR) {
    /* Where the rows written so far are: the target is only ever replaced
     * by a complete run. */
    sink_abandon(sink);
    const char *kept = sink_partial_path(sink);
    if (kept)
      diag_note(d, "the %lu %s up to t = %.10g are in %s (%s was not changed)", res.rows,
                diag_plural(res.rows, "row", "rows"), res.t_row, kept, a->out);
    else if ((!a->out || strcmp(a->out, "-") == 0) && res.rows > 0 && !no_rows)
      diag_note(d, "the output holds the %lu %s up to t = %.10g", res.rows,
                diag_plural(res.rows, "row", "rows"), res.t_row);
    if (spk.csv) {
      sink_end(spk.csv);
      sink_abandon(spk.csv);
      const char *kept_spikes = sink_partial_path(spk.csv);
      if (kept_spikes)
        diag_note(d, "the spikes up to t = %.10g are in %s (%s was not changed)", res.t,
                  kept_spikes, a->spikes);
    }
  }

done:
  if (sink) sink_close(sink);
  if (spk.csv) sink_close(spk.csv);
  columns_free(cols);
  free(y);
  free(povr);
  free(iovr);
  instance_free(inst);
  session_free(&s);
  return rc;
}

/* ---- check -------------------------------------------------------------- */

static void list_names(FILE *out, const char *label, const Stmt **items, size_t n)
{
  enum { SHOWN = 12 };
  fprintf(out, "  %-15s %zu", label, n);
  for (size_t i = 0; i < n && i < SHOWN; i++) fprintf(out, "%s%s", i ? ", " : ": ", items[i]->name);
  if (n > SHOWN) fprintf(out, ", ... (%zu more)", n - SHOWN);
  fputc('\n', out);
}

/* check's lines for a model on a domain: its grid, and each diffusing
 * variable's conditions at the two ends. */
static void print_domain(Session *s, const Model *m)
{
  GridShape g;
  const Stmt *d = m->domain;
  if (!grid_shape(s->ws.cm, NULL, 0, &g, NULL)) return; /* `run` says why */
  printf("  %-15s %s = [%g, %g], %zu points, d%s = %g\n", "domain", d->name, g.lo, g.hi, g.n,
         d->name, g.dx);
  for (size_t v = 0; v < m->nstates; v++) {
    if (!m->diffuses[v]) continue;
    const char *end[2] = {"sealed", "sealed"};
    for (size_t b = 0; b < m->nbounds; b++)
      if (m->bounds[b].state == v) end[m->bounds[b].end] = m->bounds[b].value ? "value given" : "slope given";
    printf("  %-15s %s: %s at %s = %g, %s at %s = %g\n", "diffuses", m->states[v]->name,
           end[0], d->name, g.lo, end[1], d->name, g.hi);
  }
}

static int cmd_check(const RunArgs *a, Diag *d)
{
  Session s;
  session_init(&s, &command_set, d, stdout, NULL);
  int rc = read_model(&s, a->file, COMMANDS_CHECK);
  if (rc == 0) {
    Workspace *w = &s.ws;
    const Model *m = w->model;
    const Compiled *cm = w->cm;
    if (a->dump_ir) compiled_dump_ir(cm, stdout);
    if (a->dump_bytecode) compiled_dump_bytecode(cm, stdout);
    if (a->emit_c) {
      /* For the method the model's runs use. */
      Settings set;
      settings_defaults(&set);
      settings_overlay(&set, &w->opts);
      settings_model_defaults(&set, m);
      char why[300];
      char *code = backend_emit(cm, set.method, why, sizeof why);
      if (code) fputs(code, stdout);
      else {
        diag_fail(d, "the native backend does not compile this model: %s", why);
        diag_note(d, "its runs use the VM");
        rc = EXIT_RUNTIME;
      }
      free(code);
      settings_free(&set);
    }
    if (!a->dump_ir && !a->dump_bytecode && !a->emit_c) {
      printf("%s: ok\n", w->path);
      printf("  %-15s %s%s%s%s\n", "kind", m->discrete ? "discrete" : "continuous",
             m->domain ? ", on a domain" : "", m->nevents ? ", events" : "",
             m->stochastic ? ", stochastic" : "");
      list_names(stdout, "states", m->states, m->nstates);
      list_names(stdout, "parameters", m->params, m->nparams);
      list_names(stdout, "intermediates", m->inters, m->ninters);
      list_names(stdout, "functions", m->funcs, m->nfuncs);
      if (m->ntables) list_names(stdout, "tables", m->tables, m->ntables);
      if (m->domain) print_domain(&s, m);
      if (m->nevents) {
        size_t spikes = 0, inputs = 0;
        for (size_t e = 0; e < m->nevents; e++) {
          spikes += m->events[e].spike;
          inputs += m->events[e].kind == EV_POISSON;
        }
        printf("  %-15s %zu: %zu %s, %zu Poisson %s%s\n", "events", m->nevents, spikes,
               diag_plural(spikes, "spike", "spikes"), inputs, diag_plural(inputs, "input", "inputs"),
               m->refractory ? "; a refractory period" : "");
      }
      if (!m->discrete) {
        printf("  %-15s", "expeuler");
        size_t lin = 0;
        for (size_t i = 0; i < m->nstates; i++) lin += compiled_is_linear(cm, i);
        if (lin == m->nstates) printf(" every equation is linear in its own variable\n");
        else if (lin == 0) printf(" no equation is linear in its own variable: forward Euler\n");
        else {
          printf(" exponential for");
          for (size_t i = 0, k = 0; i < m->nstates; i++)
            if (compiled_is_linear(cm, i)) printf("%s%s", k++ ? ", " : " ", m->states[i]->name);
          printf("; forward Euler for the rest\n");
        }
      }
      printf("  %-15s %zu %s, %zu %s\n", m->discrete ? "update" : "right-hand side", cm->rhs->ncode,
             diag_plural(cm->rhs->ncode, "instruction", "instructions"), cm->rhs->ntemps,
             diag_plural(cm->rhs->ntemps, "temporary", "temporaries"));
      if (s.ncommands)
        printf("  %-15s %zu checked (nothing was run)\n", "commands", s.ncommands);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
      diag_fail(d, "cannot write to standard output: %s", strerror(errno));
      rc = EXIT_RUNTIME;
    }
  }
  session_free(&s);
  return rc;
}

/* The analyses of the session as commands of their own:
 *   neurode fixed FILE [--set NAME=EXPR]... [ARGS]
 * is a session that loads FILE, sets the values and runs `fixed ARGS`. */
static const char *const analysis_commands[] = {"fixed", "period", "sweep", "threshold", "continue",
                                                "prc", "nullclines", "bifurcation"};

static bool is_analysis(const char *cmd)
{
  for (size_t i = 0; i < sizeof analysis_commands / sizeof *analysis_commands; i++)
    if (strcmp(cmd, analysis_commands[i]) == 0) return true;
  return false;
}

static int cmd_analysis(int argc, char **argv, Diag *d)
{
  if (argc < 3) return usage_error(d, "%s expects a model file: neurode %s FILE", argv[1], argv[1]);
  Session s;
  session_init(&s, &command_set, d, stdout, &repl_interrupt);
  int rc = EXIT_OK;
  if (!session_load(&s, argv[2])) rc = diag_end(d) == DIAG_RUNTIME ? EXIT_RUNTIME : EXIT_USAGE;
  /* --set NAME=EXPR, as `set NAME = EXPR`; the rest is the command's. */
  size_t cap = 64;
  char *line = xmalloc(cap);
  size_t used = (size_t)snprintf(line, cap, "%s", argv[1]);
  for (int i = 3; i < argc && rc == EXIT_OK; i++) {
    if (strcmp(argv[i], "--set") == 0 || strncmp(argv[i], "--set=", 6) == 0) {
      const char *v = argv[i][5] == '=' ? argv[i] + 6 : i + 1 < argc ? argv[++i] : NULL;
      const char *eq = v ? strchr(v, '=') : NULL;
      if (!eq) {
        rc = usage_error(d, "--set expects NAME=EXPR");
        break;
      }
      char *set = xmalloc(strlen(v) + 16);
      sprintf(set, "set %.*s = %s\n", (int)(eq - v), v, eq + 1);
      if (session_line(&s, set, "<command line>", 1, false) != LINE_OK) rc = EXIT_USAGE;
      free(set);
      continue;
    }
    GROW(line, cap, used + strlen(argv[i]) + 4);
    used += (size_t)sprintf(line + used, " %s", argv[i]);
  }
  if (rc == EXIT_OK) {
    GROW(line, cap, used + 2);
    strcpy(line + used, "\n");
    if (session_line(&s, line, "<command line>", 1, false) != LINE_OK)
      rc = d->worst == DIAG_RUNTIME ? EXIT_RUNTIME : EXIT_USAGE;
  }
  free(line);
  if (fflush(stdout) != 0 && rc == 0) {
    diag_fail(d, "cannot write to standard output: %s", strerror(errno));
    rc = EXIT_RUNTIME;
  }
  session_free(&s);
  return rc;
}

/* The session: interactive on a terminal, else a script from stdin or FILE. */
/* neurode cache [clear]: the native backend's cache. */
static int cmd_cache(int argc, char **argv, Diag *d)
{
  if (argc > 3 || (argc == 3 && strcmp(argv[2], "clear") != 0))
    return usage_error(d, "usage: neurode cache [clear]");
  char dir[4096];
  native_cache_dir(dir, sizeof dir);
  if (argc == 3) native_cache_clear();
  size_t entries, bytes;
  native_cache_usage(&entries, &bytes);
  printf("%s: %zu compiled %s, %.1f kB (kept under %d MB, oldest out first)\n", dir, entries,
         diag_plural(entries, "model", "models"), (double)bytes / 1024, NATIVE_CACHE_MAX >> 20);
  return EXIT_OK;
}

static int cmd_session(const char *model, const char *script, Diag *d)
{
  Session s;
  session_init(&s, &command_set, d, stdout, &repl_interrupt);
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
        free(s.ws.path);
        s.ws.path = xstrdup(path);
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
  if (is_analysis(cmd)) return cmd_analysis(argc, argv, &diag);
  if (strcmp(cmd, "cache") == 0) return cmd_cache(argc, argv, &diag);
  if (cmd[0] != '-' && strcmp(cmd, "run") != 0 && strcmp(cmd, "check") != 0 &&
      strcmp(cmd, "help") != 0) {
    if (argc != 2) {
      char *path = stdpath_resolve(cmd);
      free(path);
      if (!path) {
        static const char *const cmds[] = {"run", "check", "help"};
        const char *best = diag_closest(cmd, cmds, 3);
        if (best)
          return usage_error(&diag, "unknown command '%s' (did you mean '%s'?)", cmd, best);
        return usage_error(&diag, "unknown command '%s' (expected run, check, or a script file)", cmd);
      }
      return usage_error(&diag, "a script takes no arguments (got '%s')", argv[2]);
    }
    return cmd_session(NULL, cmd, &diag);
  }
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    print_help();
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

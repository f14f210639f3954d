/* repl.c: the interactive loop and the script reader; see repl.h.
 *
 * Interactive input uses readline's callback interface with our own SIGINT
 * handler: Ctrl-C at the prompt drops the line being typed, and during a run
 * it only raises a flag the driver checks, so the run stops with its samples
 * kept and the prompt returns. */
#include <config.h>

#include "repl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "arena.h"
#include "builtins.h"
#include "parse.h"
#include "session_cmds.h"

volatile sig_atomic_t repl_interrupt;

#define PROMPT "neurode> "
#define PROMPT_MORE "     ...> "

/* The REPL's state: readline's callbacks take no context. */
static struct {
  Session *s;
  char *buf;       /* the logical line being assembled */
  size_t len, cap;
  int line_no, first_line;
  int status;
  bool done;
  char *history_path;
  double run_start;
  bool bar_shown;
} R;

static void on_sigint(int sig)
{
  (void)sig;
  repl_interrupt = 1;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A progress bar on stderr for runs longer than a second. */
static void progress(void *ctx, double fraction)
{
  (void)ctx;
  double t = now();
  if (R.run_start == 0) R.run_start = t; /* cleared after each line */
  if (t - R.run_start < 1.0) return;
  int width = 40, filled = (int)(fraction * width + 0.5);
  fprintf(stderr, "\r[%.*s%*s] %3.0f%%  Ctrl-C stops", filled,
          "########################################", width - filled, "", 100 * fraction);
  R.bar_shown = true;
}

static void clear_bar(void)
{
  if (R.bar_shown) fputs("\r\033[K", stderr);
  R.bar_shown = false;
  R.run_start = 0;
}

/* ---- history ------------------------------------------------------------ */

static char *history_file(void)
{
  const char *state = getenv("XDG_STATE_HOME");
  char *path;
  if (state && *state) {
    size_t n = strlen(state) + 32;
    path = xmalloc(n);
    snprintf(path, n, "%s/neurode", state);
    mkdir(path, 0700);
    snprintf(path, n, "%s/neurode/history", state);
    return path;
  }
  const char *home = getenv("HOME");
  if (!home || !*home) return NULL;
  size_t n = strlen(home) + 24;
  path = xmalloc(n);
  snprintf(path, n, "%s/.neurode_history", home);
  return path;
}

/* ---- completion --------------------------------------------------------- */

static const char **cands;
static size_t ncands, cands_cap;

static void cand(const char *c)
{
  GROW(cands, cands_cap, ncands + 1);
  cands[ncands++] = c;
}

static char *generator(const char *text, int state)
{
  static size_t i, len;
  if (!state) i = 0, len = strlen(text);
  while (i < ncands) {
    const char *c = cands[i++];
    if (strncmp(c, text, len) == 0) return xstrdup(c);
  }
  return NULL;
}

static void model_names(bool states, bool params, bool inters, bool funcs)
{
  const Model *m = R.s->ws.model;
  for (size_t i = 0; m && i < m->nsyms; i++) {
    SymKind k = m->syms[i].kind;
    if ((k == SYM_STATE && states) || (k == SYM_PARAM && params) || (k == SYM_INTER && inters) ||
        (k == SYM_FUNC && funcs))
      cand(m->syms[i].name);
  }
}

static char **complete(const char *text, int start, int end)
{
  (void)end;
  ncands = 0;
  const char *line = rl_line_buffer;
  int i = 0;
  while (i < start && (line[i] == ' ' || line[i] == '\t')) i++;
  int w = i;
  while (i < start && line[i] != ' ' && line[i] != '\t') i++;
  bool first_word = i >= start;
  char word[32];
  snprintf(word, sizeof word, "%.*s", i - w, line + w);
  const Command *cmd = first_word ? NULL : command_find(word);
  rl_attempted_completion_over = 1;
  if (first_word) {
    for (size_t k = 0; k < command_count; k++) cand(command_table[k].name);
    cand("param"), cand("init"), cand("option"), cand("label");
    model_names(true, true, true, true);
  } else if (cmd) {
    switch (cmd->complete) {
    case COMPLETE_COMMANDS:
      for (size_t k = 0; k < command_count; k++) cand(command_table[k].name);
      break;
    case COMPLETE_SETTABLE:
      model_names(true, true, false, false);
      for (int k = 0; k < SETTING__COUNT; k++)
        if (setting_table[k].where & IN_SET) cand(setting_table[k].name);
      break;
    case COMPLETE_VARIABLES:
      model_names(true, true, true, false);
      cand("vs");
      break;
    case COMPLETE_SHOW:
      cand("params"), cand("vars"), cand("options"), cand("model");
      break;
    case COMPLETE_OUTPUT:
      cand("window"), cand("dumb");
      __attribute__((fallthrough)); /* and file names */
    case COMPLETE_FILES: {
      char **m = rl_completion_matches(text, generator);
      if (m) return m;
      rl_attempted_completion_over = 0; /* readline's own file-name completion */
      return NULL;
    }
    case COMPLETE_NONE:
      break;
    }
  } else {
    /* model text: names and built-in functions */
    model_names(true, true, true, true);
    for (size_t k = 0; k < builtin_count; k++) cand(builtin_table[k].name);
    cand("t"), cand("pi");
  }
  return rl_completion_matches(text, generator);
}

/* ---- lines -------------------------------------------------------------- */

static void append(const char *line)
{
  size_t n = strlen(line);
  GROW(R.buf, R.cap, R.len + n + 2);
  memcpy(R.buf + R.len, line, n);
  R.len += n;
  R.buf[R.len++] = '\n';
  R.buf[R.len] = '\0';
}

static LineResult feed(Session *s, const char *line, const char *name, bool script)
{
  R.line_no++;
  if (R.len == 0) R.first_line = R.line_no;
  append(line);
  diag_begin(s->diag);
  LineResult r = session_line(s, R.buf, name, R.first_line, script);
  DiagCategory worst = diag_end(s->diag);
  clear_bar();
  if (r != LINE_INCOMPLETE) R.len = 0;
  if (r == LINE_ERROR) R.status = worst == DIAG_RUNTIME ? 1 : 2;
  return r;
}

static void on_line(char *line)
{
  if (!line) { /* Ctrl-D */
    R.done = true;
    putchar('\n');
    return;
  }
  if (*line) {
    add_history(line);
    if (R.history_path) append_history(1, R.history_path);
  }
  repl_interrupt = 0;
  LineResult r = feed(R.s, line, "<stdin>", false);
  repl_interrupt = 0;
  free(line);
  if (R.s->quit) R.done = true;
  rl_set_prompt(r == LINE_INCOMPLETE ? PROMPT_MORE : PROMPT);
}

int repl_interactive(Session *s)
{
  memset(&R, 0, sizeof R);
  R.s = s;
  s->interactive = true;
  s->interrupt = &repl_interrupt;
  s->progress = isatty(STDERR_FILENO) ? progress : NULL;
  rl_readline_name = "neurode";
  rl_attempted_completion_function = complete;
  rl_completer_word_break_characters = (char *)" \t\n\",=()+-*^<>;";
  rl_catch_signals = 0;
  R.history_path = history_file();
  if (R.history_path) {
    using_history();
    if (read_history(R.history_path) != 0) write_history(R.history_path);
  }
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old); /* no SA_RESTART: select returns */
  rl_callback_handler_install(PROMPT, on_line);
  while (!R.done) {
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(STDIN_FILENO, &fds);
    int rc = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
    if (rc < 0 && errno == EINTR) {
      if (repl_interrupt) {
        /* Ctrl-C at the prompt: drop the line (and any unfinished statement). */
        repl_interrupt = 0;
        R.len = 0;
        rl_replace_line("", 0);
        rl_crlf();
        rl_set_prompt(PROMPT);
        rl_on_new_line();
        rl_redisplay();
      }
      continue;
    }
    if (rc > 0) rl_callback_read_char();
  }
  rl_callback_handler_remove();
  sigaction(SIGINT, &old, NULL);
  if (R.history_path) history_truncate_file(R.history_path, 2000);
  free(R.history_path);
  free(R.buf);
  free(cands);
  cands = NULL;
  ncands = cands_cap = 0;
  return 0;
}

int repl_script(Session *s, FILE *in, const char *name)
{
  memset(&R, 0, sizeof R);
  R.s = s;
  s->interrupt = &repl_interrupt;
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  LineResult last = LINE_OK;
  while (!s->quit && (got = getline(&line, &cap, in)) >= 0) {
    if (got > 0 && line[got - 1] == '\n') line[got - 1] = '\0';
    last = feed(s, line, name, true);
    if (last == LINE_ERROR) break;
  }
  if (R.status == 0 && last == LINE_INCOMPLETE) {
    /* The input ended inside a statement: let the parser say where. */
    Source *src = source_from_chunk(name, R.buf, R.first_line);
    Ast ast;
    ast_init(&ast);
    int before = s->diag->errors;
    parse_model(src, &ast, s->diag, NULL);
    if (s->diag->errors == before)
      diag_fail(s->diag, "%s: the input ends inside an unfinished statement", name);
    ast_free(&ast);
    source_free(src);
    R.status = 2;
  }
  if (R.status == 0 && !session_finish(s)) R.status = 2;
  sigaction(SIGINT, &old, NULL);
  free(line);
  free(R.buf);
  return R.status;
}

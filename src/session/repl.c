/* repl.c: the interactive loop and the script reader; see repl.h.
 *
 * Interactive input uses readline's callback interface with our own SIGINT
 * handler: Ctrl-C at the prompt drops the line being typed, and during a run
 * it only raises a flag the driver checks, so the run stops with its samples
 * kept and the prompt returns.  While waiting for a key SIGINT is blocked
 * except inside pselect, so a Ctrl-C can never land between the check of
 * the flag and the wait (where it would be seen only at the next key). */
#include <config.h>

#include "repl.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "mem.h"
#include "builtins.h"
#include "parse.h"
#include "progress.h"
#include "session_cmds.h"
#include "stdpath.h"

volatile sig_atomic_t repl_interrupt;

#define PROMPT "neurode> "
#define PROMPT_MORE "     ...> "
/* Shown the first time a statement is left unfinished in a session. */
#define HINT_MORE "(unfinished statement: an empty line ends it, Ctrl-C cancels)\n"

/* The REPL's state: readline's callbacks take no context. */
static struct {
  Session *s;
  char *buf;       /* the logical line being assembled */
  size_t len, cap;
  int line_no, first_line;
  int status;
  bool done;
  bool hinted;     /* HINT_MORE was shown */
  char *history_path;
  sigset_t wait_mask; /* the signal mask inside pselect: SIGINT unblocked */
  Progress bar;
  char **cands;    /* completion candidates, owned */
  size_t ncands, cands_cap, next_cand;
} R;

/* The flag holds the signal, so a script stopped by SIGTERM can exit 143. */
static void on_sigint(int sig)
{
  repl_interrupt = sig;
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

static void cands_clear(void)
{
  for (size_t i = 0; i < R.ncands; i++) free(R.cands[i]);
  R.ncands = 0;
}

/* Take a malloc'd candidate. */
static void cand_take(char *c)
{
  GROW(R.cands, R.cands_cap, R.ncands + 1);
  R.cands[R.ncands++] = c;
}

static void cand(const char *c) { cand_take(xstrdup(c)); }

static char *generator(const char *text, int state)
{
  size_t len = strlen(text);
  if (!state) R.next_cand = 0;
  while (R.next_cand < R.ncands) {
    const char *c = R.cands[R.next_cand++];
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

/* Models that `load NAME` finds by name: NAME.nd in the search path. */
static void model_files(const char *text)
{
  if (strchr(text, '/')) return; /* a path: only files */
  size_t len = strlen(text);
  char **dirs = stdpath_dirs();
  for (size_t i = 0; dirs[i]; i++) {
    DIR *d = opendir(dirs[i]);
    if (!d) continue;
    struct dirent *e;
    while ((e = readdir(d))) {
      size_t n = strlen(e->d_name);
      if (n > 3 && n - 3 >= len && strcmp(e->d_name + n - 3, ".nd") == 0 &&
          strncmp(e->d_name, text, len) == 0 && e->d_name[0] != '.') {
        char *name = xstrdup(e->d_name);
        name[n - 3] = '\0';
        cand_take(name);
      }
    }
    closedir(d);
  }
  stdpath_dirs_free(dirs);
}

/* Files (and directories) starting with text, as readline completes them. */
static void file_names(const char *text)
{
  char *f;
  for (int state = 0; (f = rl_filename_completion_function(text, state)); state++) cand_take(f);
  rl_filename_completion_desired = 1; /* '/' after a directory */
}

/* Is the word being completed the command's first argument?  Skips the
 * command's name and the blanks (and an opening quote) after it. */
static bool first_argument(const char *line, int after_cmd, int start)
{
  int i = after_cmd;
  while (i < start && (line[i] == ' ' || line[i] == '\t')) i++;
  if (i < start && line[i] == '"') i++;
  return i >= start;
}

static char **complete(const char *text, int start, int end)
{
  (void)end;
  cands_clear();
  const char *line = rl_line_buffer;
  int i = 0;
  while (i < start && (line[i] == ' ' || line[i] == '\t')) i++;
  int w = i;
  while (i < start && line[i] != ' ' && line[i] != '\t') i++;
  bool first_word = i >= start;
  char word[32];
  snprintf(word, sizeof word, "%.*s", i - w, line + w);
  const Command *cmd = first_word ? NULL : command_find(word);
  bool files_if_none = false; /* readline's file names when nothing matched */
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
    case COMPLETE_STATES:
      model_names(true, false, false, false);
      break;
    case COMPLETE_STATES_OR_FILES:
      model_names(true, false, false, false);
      files_if_none = true;
      break;
    case COMPLETE_SERIES_OR_FILES:
      model_names(true, false, true, false);
      files_if_none = true;
      break;
    case COMPLETE_MODELS:
      model_files(text);
      file_names(text);
      break;
    case COMPLETE_FILE_THEN_VARS:
      if (first_argument(line, i, start)) file_names(text);
      else model_names(true, true, true, false);
      break;
    case COMPLETE_SHOW:
      cand("params"), cand("vars"), cand("options"), cand("model");
      break;
    case COMPLETE_OUTPUT:
      cand("window"), cand("dumb");
      file_names(text);
      break;
    case COMPLETE_FILES:
      file_names(text);
      break;
    case COMPLETE_NONE:
      break;
    }
  } else {
    /* model text: names and built-in functions */
    model_names(true, true, true, true);
    for (size_t k = 0; k < builtin_count; k++) cand(builtin_table[k].name);
    cand("t"), cand("pi");
  }
  char **m = rl_completion_matches(text, generator);
  if (!m && files_if_none) rl_attempted_completion_over = 0;
  return m;
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
  progress_start(&R.bar);
  LineResult r = session_line(s, R.buf, name, R.first_line, script);
  progress_clear(&R.bar);
  DiagCategory worst = diag_end(s->diag);
  if (r != LINE_INCOMPLETE) R.len = 0;
  if (r == LINE_ERROR) R.status = worst == DIAG_RUNTIME ? 1 : 2;
  /* A script stopped by a signal ends as killed by it: 128 + signal. */
  if (r == LINE_ERROR && script && !s->interactive && repl_interrupt)
    R.status = 128 + (int)repl_interrupt;
  return r;
}

/* One line of a script, without its newline, of at most max bytes: false at
 * the end of the input; *too_long when a line is longer (a runaway input
 * such as /dev/zero must end with a message, not with all of memory). */
static bool read_line(FILE *in, char **buf, size_t *cap, size_t max, bool *too_long)
{
  size_t n = 0;
  int c;
  *too_long = false;
  while ((c = getc(in)) != EOF && c != '\n') {
    if (n >= max) {
      *too_long = true;
      return true;
    }
    GROW(*buf, *cap, n + 2);
    (*buf)[n++] = (char)c;
  }
  if (c == EOF && n == 0) return false;
  GROW(*buf, *cap, n + 1);
  (*buf)[n] = '\0';
  return true;
}

/* The statement in R.buf is unfinished and no more lines will come: let the
 * parser say where (an unclosed parenthesis, a dangling operator), in a unit
 * of its own.  Forgets the statement. */
static void report_unfinished(Session *s, const char *name)
{
  diag_begin(s->diag);
  Source *src = source_from_chunk(name, R.buf, R.first_line);
  Ast ast;
  ast_init(&ast);
  parse_model(src, &ast, s->diag, NULL);
  if (s->diag->errors == 0)
    diag_usage(s->diag, "%s: the input ends inside an unfinished statement", name);
  ast_free(&ast);
  source_free(src);
  diag_end(s->diag);
  R.len = 0;
  R.status = 2;
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
  LineResult r = LINE_OK;
  if (!*line && R.len > 0) { /* an empty line ends an unfinished statement */
    R.line_no++;
    report_unfinished(R.s, "<stdin>");
  } else {
    /* Ctrl-C during the command (a run) must reach it: unblock SIGINT. */
    sigset_t blocked;
    repl_interrupt = 0;
    sigprocmask(SIG_SETMASK, &R.wait_mask, &blocked);
    r = feed(R.s, line, "<stdin>", false);
    sigprocmask(SIG_SETMASK, &blocked, NULL);
    repl_interrupt = 0; /* a Ctrl-C during the command was for it */
  }
  free(line);
  if (R.s->quit) R.done = true;
  if (r == LINE_INCOMPLETE && !R.hinted) {
    fputs(HINT_MORE, stderr);
    R.hinted = true;
  }
  rl_set_prompt(r == LINE_INCOMPLETE ? PROMPT_MORE : PROMPT);
}

/* Ctrl-C at the prompt: drop the line being typed and any unfinished
 * statement, and prompt again. */
static void cancel_line(void)
{
  R.len = 0;
  rl_callback_sigcleanup(); /* an incremental search, a pending key sequence */
  rl_replace_line("", 1);
  rl_crlf();
  rl_set_prompt(PROMPT);
  rl_on_new_line();
  rl_redisplay();
}

int repl_interactive(Session *s)
{
  memset(&R, 0, sizeof R);
  R.s = s;
  s->interactive = true;
  s->interrupt = &repl_interrupt;
  progress_init(&R.bar, stderr, "Ctrl-C stops");
  s->progress = progress_callback;
  s->progress_ctx = &R.bar;
  s->diag->before_message = progress_before_message;
  s->diag->before_ctx = &R.bar;
  rl_readline_name = "neurode";
  rl_attempted_completion_function = complete;
  rl_completer_word_break_characters = (char *)" \t\n\",=()+-*^<>;";
  rl_catch_signals = 0;
  R.history_path = history_file();
  if (R.history_path) {
    using_history();
    if (read_history(R.history_path) != 0) write_history(R.history_path);
  }
  /* SIGINT stays blocked except inside pselect and while a line runs. */
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  R.wait_mask = old_mask;
  sigdelset(&R.wait_mask, SIGINT);
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old); /* no SA_RESTART: pselect returns */
  repl_interrupt = 0;
  rl_callback_handler_install(PROMPT, on_line);
  while (!R.done) {
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(STDIN_FILENO, &fds);
    int rc = pselect(STDIN_FILENO + 1, &fds, NULL, NULL, NULL, &R.wait_mask);
    if (rc < 0 && errno == EINTR) {
      if (repl_interrupt) {
        repl_interrupt = 0;
        cancel_line();
      }
      continue;
    }
    if (rc < 0) break; /* stdin is gone */
    if (rc > 0) rl_callback_read_char();
  }
  rl_callback_handler_remove();
  sigaction(SIGINT, &old, NULL);
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  s->progress = NULL;
  s->progress_ctx = NULL;
  s->diag->before_message = NULL;
  s->diag->before_ctx = NULL;
  if (R.history_path) history_truncate_file(R.history_path, 2000);
  free(R.history_path);
  free(R.buf);
  cands_clear();
  free(R.cands);
  memset(&R, 0, sizeof R);
  return 0;
}

int repl_script(Session *s, FILE *in, const char *name)
{
  memset(&R, 0, sizeof R);
  R.s = s;
  s->interrupt = &repl_interrupt;
  progress_init(&R.bar, stderr, NULL); /* only for feed: scripts set no callback */
  /* SIGTERM and SIGHUP (a batch system, a logout) stop a run as Ctrl-C
   * does: the samples so far are kept, and the script ends. */
  struct sigaction sa, old[3];
  static const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; i++) sigaction(sigs[i], &sa, &old[i]);
  enum { MAX_LINE = 1 << 20 };
  char *line = NULL;
  size_t cap = 0;
  bool too_long = false;
  LineResult last = LINE_OK;
  while (!s->quit && read_line(in, &line, &cap, MAX_LINE, &too_long)) {
    if (too_long) {
      diag_fail(s->diag, "%s:%d: the line is longer than %d MB; is this a script?", name,
                R.line_no + 1, MAX_LINE >> 20);
      R.status = 1;
      last = LINE_ERROR;
      break;
    }
    last = feed(s, line, name, true);
    if (last == LINE_ERROR) break;
    if (repl_interrupt) {
      /* A signal while the line was doing something other than a run. */
      diag_fail(s->diag, "%s after line %d of %s", repl_interrupt == SIGTERM ? "terminated (SIGTERM)"
                         : repl_interrupt == SIGHUP ? "hung up (SIGHUP)" : "interrupted",
                R.line_no, name);
      R.status = 128 + (int)repl_interrupt;
      last = LINE_ERROR;
      break;
    }
  }
  /* The input ended inside a statement. */
  if (R.status == 0 && last == LINE_INCOMPLETE) report_unfinished(s, name);
  if (R.status == 0 && !session_finish(s)) R.status = 2;
  for (int i = 0; i < 3; i++) sigaction(sigs[i], &old[i], NULL);
  free(line);
  free(R.buf);
  int status = R.status;
  memset(&R, 0, sizeof R);
  return status;
}

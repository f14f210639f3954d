/* model.h: a checked model -- the names a model defines and what they mean.
 *
 * model_build runs the semantic checks on a list of statements (from one file,
 * or a file plus lines typed at the REPL): duplicate and conflicting
 * definitions, undefined names (with a "did you mean"), arity, what each kind
 * of expression may refer to, cycles among intermediates, recursion among
 * functions, and file options.  It reports every problem it finds through the
 * Diag and returns NULL if there was any.
 *
 * A Model points into the statements' ASTs, which must outlive it; it owns
 * only its own tables (model_free). */
#ifndef NEURODE_MODEL_H
#define NEURODE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"

/* SYM_COORD: a domain's coordinate (x), a number per grid point. */
typedef enum { SYM_PARAM, SYM_STATE, SYM_INTER, SYM_FUNC, SYM_TABLE, SYM_COORD } SymKind;

typedef struct Symbol {
  const char *name;
  SymKind kind;
  int index;        /* position in the list of its kind */
  const Stmt *def;  /* the defining statement (dX/dt for a state) */
} Symbol;

/* What makes an event fire. */
typedef enum {
  EV_CROSSING,  /* continuous: a comparison becoming true (an upward crossing of g) */
  EV_CONDITION, /* discrete: a condition true at a step */
  EV_POISSON    /* the arrivals of a Poisson train (per copy), not a spike */
} EventKind;

typedef struct ModelEvent {
  const Stmt *st;         /* the `on` statement: condition in st->value, block in st->body */
  EventKind kind;
  /* EV_CROSSING: g = lhs - rhs for >= and >, rhs - lhs for <= and <; the
   * event fires when g becomes >= 0 (> 0 for the strict comparisons). */
  const Expr *lhs, *rhs;
  bool strict;
  const Expr *rate, *corr; /* EV_POISSON: events per time unit; pairwise correlation (or NULL) */
  bool spike;             /* recorded as a spike of its copy */
} ModelEvent;

/* A condition at an end of the domain, for a state that diffuses there. */
typedef struct ModelBoundary {
  const Stmt *st;   /* boundary x = end: lhs = value */
  size_t state;
  int end;          /* 0: the low end, 1: the high end */
  bool value;       /* V = value (a clamp, or killed with 0); else a condition on dV/dx */
} ModelBoundary;

typedef struct Model {
  Symbol *syms;
  size_t nsyms;
  const Stmt **params;  /* in definition order */
  size_t nparams;
  const Stmt **states;  /* the dX/dt statements, in order */
  const Stmt **inits;   /* inits[s]: the `init` statement of state s, or NULL */
  size_t nstates;
  const Stmt **inters;  /* intermediates, in definition order */
  size_t ninters;
  const Stmt **funcs;
  size_t nfuncs;
  const Stmt **labels;  /* label statements */
  size_t nlabels;
  const Stmt **options; /* `option` lines, checked where settings are (settings.h) */
  size_t noptions;
  ModelEvent *events;   /* in file order */
  size_t nevents;
  const Stmt *refractory; /* or NULL */
  size_t *held;         /* states held while refractory */
  size_t nheld;
  const Stmt **tables;  /* table statements; the data is read by compiled_new */
  size_t ntables;
  bool discrete;        /* states are updated by X(t+1) = ...; t counts steps */
  /* A model on a domain: every state lives at the grid's points (they are
   * the population's elements); diffuses[s] when dX/dt has d2X/dx2.  An end
   * without a condition is sealed (dX/dx = 0). */
  const Stmt *domain;   /* or NULL */
  bool *diffuses;       /* per state */
  ModelBoundary *bounds;
  size_t nbounds;
  bool stochastic;   /* random draws somewhere */
  bool white_noise;  /* xi in an equation: Euler-Maruyama only */
  /* Intermediates and functions in an order where each comes after those
   * it uses, so they can be lowered without deep recursion. */
  size_t *inter_order, *func_order;
  /* Name -> symbol: open addressing over syms, -1 empty (model_lookup). */
  int32_t *table;
  size_t tcap;
} Model;

Model *model_build(Stmt *const *stmts, size_t n, Diag *diag);
void model_free(Model *m);

const Symbol *model_lookup(const Model *m, const char *name);

/* All names a model defines plus the built-ins, for hints and completion.
 * Returns a malloc'd array of *n borrowed strings. */
const char **model_all_names(const Model *m, size_t *n);

/* The value of a constant expression (numbers, pi, operators, built-in
 * functions); false if it uses anything else. */
bool model_const_value(const Expr *e, double *out);

/* How plots name a variable: its label, or the name itself. */
const char *model_label(const Model *m, const char *name);

/* Name of a state/param/intermediate by index. */
static inline const char *model_state_name(const Model *m, size_t s) { return m->states[s]->name; }
static inline const char *model_param_name(const Model *m, size_t p) { return m->params[p]->name; }
static inline const char *model_inter_name(const Model *m, size_t j) { return m->inters[j]->name; }

/* Does the model have events that are spikes? */
bool model_has_spikes(const Model *m);

#endif

/* ast.h: the syntax tree the parser builds, and nothing more.
 *
 * Every node lives in the arena of its Ast (freed in one ast_free) and points
 * at the Source it came from for messages.  A model file is a list of
 * statements, each defining exactly one name ("param a = 1, b = 2" becomes
 * two statements), so later stages and the REPL can replace one definition
 * without touching the others. */
#ifndef NEURODE_AST_H
#define NEURODE_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "source.h"

typedef enum {
  EX_NUM,    /* num */
  EX_NAME,   /* name; a qualified one (group.V) keeps its dots */
  EX_CALL,   /* name(args...) */
  EX_UNARY,  /* op args[0] */
  EX_BINARY, /* args[0] op args[1] */
  EX_IF,     /* if args[0] then args[1] else args[2] */
  EX_DERIV   /* a derivative in space: dV/dx (num = 1), d2V/dx2 (num = 2); name V, wrt x */
} ExprKind;

typedef enum {
  AOP_ADD, AOP_SUB, AOP_MUL, AOP_DIV, AOP_POW,
  AOP_LT, AOP_LE, AOP_GT, AOP_GE, AOP_EQ, AOP_NE,
  AOP_AND, AOP_OR,
  AOP_NEG, AOP_NOT, AOP_PLUS
} AstOp;

typedef struct Expr Expr;
struct Expr {
  ExprKind kind;
  AstOp op;
  Loc loc;          /* the whole expression */
  double num;       /* EX_NUM; EX_DERIV: the order */
  const char *name; /* EX_NAME, EX_CALL, EX_DERIV */
  const char *wrt;  /* EX_DERIV: the coordinate (x) */
  Loc name_loc;     /* EX_CALL: just the callee */
  Expr **args;
  int nargs;
  int depth;        /* 1 for a leaf; 1 + the deepest argument otherwise */
};

/* Expressions deeper than this are refused by the parser (a located error),
 * so the recursive walks of later stages stay within the C stack. */
enum { AST_MAX_DEPTH = 4000 };

typedef enum {
  ST_PARAM,  /* param name = value */
  ST_INIT,   /* init name = value */
  ST_OPTION, /* option name = value */
  ST_FUNC,   /* name(params...) = value */
  ST_ASSIGN, /* name = value (an intermediate) */
  ST_DERIV,  /* dname/dt = value, or name' = value; discrete: name(t+1) = value */
  ST_LABEL,  /* label name = "text": how plots name a variable */
  ST_EVENT,  /* on value: body -- a condition becoming true, and what it does */
  ST_REFRACTORY, /* refractory value hold params...: after a spike */
  ST_TABLE,  /* table name = "file" (text): numbers read from a CSV file */
  ST_DOMAIN, /* domain name = [lo, hi] with value points: a 1-D grid */
  ST_BOUNDARY, /* boundary name = end: lhs = value -- a condition at an end of domain name */
  ST_USE,    /* use "file" (text): the parameters and functions of another model file */
  /* Statements of a block (an event's body): */
  ST_SET,    /* name = value, or name op= value (op in set_op) */
  ST_LET,    /* let name = value: a temporary of the block */
  ST_IF      /* if value { body } else { else_body } */
} StmtKind;

typedef struct Stmt Stmt;
struct Stmt {
  StmtKind kind;
  Loc loc;           /* the whole statement */
  const Source *src;
  const char *name;  /* NULL for ST_EVENT and ST_IF */
  Loc name_loc;
  const char **params; /* ST_FUNC: argument names; ST_REFRACTORY: held states */
  Loc *param_locs;
  int nparams;
  Expr *value;
  const char *text; /* ST_LABEL, ST_TABLE (the file) */
  bool discrete;    /* ST_DERIV: X(t+1) = ... */
  AstOp set_op;     /* ST_SET: AOP_ADD for +=, ...; AOP_PLUS for plain = */
  Stmt **body;      /* ST_EVENT, ST_IF */
  int nbody;
  Stmt **else_body; /* ST_IF */
  int nelse;
  Expr *lo, *hi;    /* ST_DOMAIN: the extent */
  Expr *end, *lhs;  /* ST_BOUNDARY: which end (x = end), and what is given there */
};

typedef struct Ast {
  Arena arena;
  Stmt **stmts;
  size_t n, cap;
} Ast;

void ast_init(Ast *ast);
void ast_free(Ast *ast);
void ast_append(Ast *ast, Stmt *st);

Expr *ast_num(Arena *a, Loc loc, double v);
Expr *ast_name(Arena *a, Loc loc, const char *name);
Expr *ast_unary(Arena *a, Loc loc, AstOp op, Expr *x);
Expr *ast_binary(Arena *a, AstOp op, Expr *l, Expr *r);
Expr *ast_if(Arena *a, Loc loc, Expr *c, Expr *x, Expr *y);
/* Set e->depth from its arguments (for nodes built by hand). */
void ast_set_depth(Expr *e);


#endif

/* ast.c: syntax tree construction; see ast.h. */
#include "ast.h"

#include <stdlib.h>

void ast_init(Ast *ast)
{
  arena_init(&ast->arena);
  ast->stmts = NULL;
  ast->n = ast->cap = 0;
}

void ast_free(Ast *ast)
{
  arena_free(&ast->arena);
  free(ast->stmts);
  ast->stmts = NULL;
  ast->n = ast->cap = 0;
}

void ast_append(Ast *ast, Stmt *st)
{
  GROW(ast->stmts, ast->cap, ast->n + 1);
  ast->stmts[ast->n++] = st;
}

void ast_set_depth(Expr *e)
{
  int d = 0;
  for (int i = 0; i < e->nargs; i++)
    if (e->args[i]->depth > d) d = e->args[i]->depth;
  e->depth = d + 1;
}

static Expr *node(Arena *a, ExprKind k, Loc loc, int nargs)
{
  Expr *e = arena_alloc(a, sizeof *e);
  e->kind = k;
  e->loc = loc;
  e->nargs = nargs;
  e->depth = 1;
  if (nargs) e->args = arena_alloc(a, (size_t)nargs * sizeof *e->args);
  return e;
}

Expr *ast_num(Arena *a, Loc loc, double v)
{
  Expr *e = node(a, EX_NUM, loc, 0);
  e->num = v;
  return e;
}

Expr *ast_name(Arena *a, Loc loc, const char *name)
{
  Expr *e = node(a, EX_NAME, loc, 0);
  e->name = name;
  e->name_loc = loc;
  return e;
}

Expr *ast_unary(Arena *a, Loc loc, AstOp op, Expr *x)
{
  Expr *e = node(a, EX_UNARY, loc_span(loc, x->loc), 1);
  e->op = op;
  e->args[0] = x;
  ast_set_depth(e);
  return e;
}

Expr *ast_binary(Arena *a, AstOp op, Expr *l, Expr *r)
{
  Expr *e = node(a, EX_BINARY, loc_span(l->loc, r->loc), 2);
  e->op = op;
  e->args[0] = l;
  e->args[1] = r;
  ast_set_depth(e);
  return e;
}

Expr *ast_if(Arena *a, Loc loc, Expr *c, Expr *x, Expr *y)
{
  Expr *e = node(a, EX_IF, loc_span(loc, y->loc), 3);
  e->args[0] = c;
  e->args[1] = x;
  e->args[2] = y;
  ast_set_depth(e);
  return e;
}

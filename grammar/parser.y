/* parser.y: the model language.  Builds an AST (ast.h) and nothing else.
 *
 * One statement per line (or separated by ';'); inside parentheses newlines
 * are spaces, inside braces they separate the statements of a block (an
 * event's body: assignments, op-assignments, let, if/else).  Precedence, loosest first: if-then-else, or, and, not,
 * comparisons (non-associative), + -, * /, unary minus, ^ (right-assoc, so
 * -x^2 is -(x^2) and 2^-1 is allowed). */
%code requires {
#include "parse.h"
}

%code provides {
int yylex(YYSTYPE *lval, Loc *lloc, void *scanner);
}

%code {
#include <string.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N)                       \
  do {                                                    \
    if (N) {                                              \
      (Cur).start = YYRHSLOC(Rhs, 1).start;               \
      (Cur).end = YYRHSLOC(Rhs, N).end;                   \
    } else {                                              \
      (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;     \
    }                                                     \
  } while (0)

typedef struct Binding {
  const char *name;
  Loc name_loc;
  Expr *value;
  const char *text; /* label bindings */
  struct Binding *next;
} Binding;

typedef struct ExprList {
  Expr *e;
  struct ExprList *next;
  int n;
} ExprList;

typedef struct NameList {
  const char *name;
  Loc loc;
  struct NameList *next;
  int n;
} NameList;

/* The statements of a block, in order (built in reverse, then flipped). */
typedef struct StmtList {
  Stmt *st;
  struct StmtList *next;
  int n;
} StmtList;

static Stmt **stmt_array(ParseCtx *ctx, StmtList *l, int *n)
{
  *n = l ? l->n : 0;
  Stmt **a = arena_alloc(ctx->arena, (size_t)(*n ? *n : 1) * sizeof *a);
  int i = *n;
  for (; l; l = l->next) a[--i] = l->st;
  return a;
}

static StmtList *stmt_cons(ParseCtx *ctx, StmtList *rest, Stmt *st)
{
  StmtList *l = arena_alloc(ctx->arena, sizeof *l);
  l->st = st;
  l->next = rest;
  l->n = rest ? rest->n + 1 : 1;
  return l;
}

static Stmt *new_stmt(ParseCtx *ctx, StmtKind kind, Loc loc, const char *name,
                      Loc name_loc, Expr *value)
{
  Stmt *st = arena_alloc(ctx->arena, sizeof *st);
  st->kind = kind;
  st->loc = loc;
  st->src = ctx->src;
  st->name = name;
  st->name_loc = name_loc;
  st->value = value;
  return st;
}

static void emit_bindings(ParseCtx *ctx, StmtKind kind, Binding *b)
{
  for (; b; b = b->next) {
    Loc l = loc_span(b->name_loc, b->value->loc);
    ast_append(ctx->ast, new_stmt(ctx, kind, l, b->name, b->name_loc, b->value));
  }
}

static void yyerror(Loc *loc, void *scanner, ParseCtx *ctx, const char *msg)
{
  (void)scanner;
  /* Bison's only own message is "memory exhausted": its stack is full. */
  if (strcmp(msg, "memory exhausted") == 0) {
    diag_error(ctx->diag, ctx->src, *loc, "the expression is nested too deeply to read");
    diag_note(ctx->diag, "split it into intermediates");
    return;
  }
  diag_error(ctx->diag, ctx->src, *loc, "%s", msg);
}

/* "dV/dx" -> V, x, order 1; "d2V/dx2" -> V, x, order 2 (the lexer matched one). */
static Expr *split_deriv(ParseCtx *ctx, const char *text, Loc loc)
{
  Expr *e = ast_name(ctx->arena, loc, "");
  e->kind = EX_DERIV;
  int order = text[1] == '2' ? 2 : 1;
  const char *name = text + order, *slash = strchr(text, '/');
  size_t wrt_len = strlen(slash + 2) - (order == 2);
  e->num = order;
  e->name = arena_strndup(ctx->arena, name, (size_t)(slash - name));
  e->wrt = arena_strndup(ctx->arena, slash + 2, wrt_len);
  e->name_loc = loc;
  return e;
}

/* The first word of a statement that has one without reserving it. */
static bool statement_word(ParseCtx *ctx, const char *word, Loc loc, const char *want)
{
  if (strcmp(word, want) == 0) return true;
  static const char *const words[] = {"domain", "boundary", "use"};
  const char *best = diag_closest(word, words, 3);
  diag_error(ctx->diag, ctx->src, loc, "unknown statement '%s'%s%s%s", word,
             best ? ": did you mean '" : "", best ? best : "", best ? "'?" : "");
  ctx->skipping_line = true;
  diag_note(ctx->diag, "a statement is NAME = ..., dX/dt = ..., X(t+1) = ..., NAME(ARGS) = ..., "
                       "or starts with param, init, option, label, on, refractory, table, "
                       "domain, boundary or use");
  return false;
}

/* Refuse (once) an expression deeper than the later stages walk safely. */
static Expr *depth_checked(ParseCtx *ctx, Expr *e)
{
  if (e->depth > AST_MAX_DEPTH && !ctx->too_deep) {
    ctx->too_deep = true;
    Loc at = {e->loc.start, e->loc.start + 1};
    diag_error(ctx->diag, ctx->src, at, "expression nested too deeply (more than %d levels)",
               AST_MAX_DEPTH);
    diag_note(ctx->diag, "a long sum or product counts one level per term: "
                         "split it into intermediates (s1 = a + b + ..., s2 = s1 + ...)");
  }
  return e;
}
#define DEEP(e) depth_checked(ctx, (e))

/* The parser's stack grows on the heap up to this many entries; deeper
 * input is refused by depth_checked long before. */
#define YYMAXDEPTH 1000000
}

%define api.pure full
%define api.location.type {Loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%lex-param {void *scanner}
%parse-param {void *scanner} {ParseCtx *ctx}

%union {
  double num;
  const char *str;
  Expr *expr;
  struct ExprList *exprs;
  struct NameList *names;
  struct Binding *binds;
  struct StmtList *stmts;
  struct Stmt *stmt;
  AstOp op;
}

/* Every value is arena-owned (freed with the Ast), so no %destructor. */

%token START_MODEL START_EXPR
%token END 0 "end of file"
%token <num> NUMBER "number"
%token <str> IDENT "name"
%token <str> STRING "string"
%token NEWLINE "end of line"
%token <str> QNAME "qualified name"
%token <str> DERIV "derivative"
%token PARAM "param" INIT "init" OPTION "option" LABEL "label" ON "on" LET "let"
%token REFRACTORY "refractory" TABLE "table"
%token ADD_ASSIGN "+=" SUB_ASSIGN "-=" MUL_ASSIGN "*=" DIV_ASSIGN "/="
%token IF "if" THEN "then" ELSE "else"
%token AND "and" OR "or" NOT "not"
%token LE "<=" GE ">=" EQ "==" NE "!=" POW "^"
%token LEXERROR "invalid token"

%type <expr> expr or_expr and_expr not_expr cmp_expr sum_expr term unary power postfix primary
%type <exprs> args
%type <names> names held
%type <binds> bindings binding labels label
%type <op> cmp_op set_op
%type <stmts> actions
%type <stmt> action block_if

%%

input:
  START_MODEL lines
| START_EXPR expr NEWLINE   { ctx->expr = $2; }
;

lines:
  %empty
| lines line
;

line:
  NEWLINE
| stmt NEWLINE
| error NEWLINE             { yyerrok; }
;

stmt:
  PARAM bindings            { emit_bindings(ctx, ST_PARAM, $2); }
| INIT bindings             { emit_bindings(ctx, ST_INIT, $2); }
| OPTION bindings           { emit_bindings(ctx, ST_OPTION, $2); }
| LABEL labels              {
      for (Binding *b = $2; b; b = b->next) {
        Stmt *st = new_stmt(ctx, ST_LABEL, b->name_loc, b->name, b->name_loc, NULL);
        st->text = b->text;
        ast_append(ctx->ast, st);
      }
    }
| IDENT '=' expr            { ast_append(ctx->ast, new_stmt(ctx, ST_ASSIGN, @$, $1, @1, $3)); }
| IDENT '\'' '=' expr       { ast_append(ctx->ast, new_stmt(ctx, ST_DERIV, @$, $1, @1, $4)); }
| IDENT '/' IDENT '=' expr  {
      if ($1[0] != 'd' || $1[1] == '\0') {
        diag_error(ctx->diag, ctx->src, @1,
                   "a derivative is written dX/dt, but '%s' does not start with 'd'", $1);
        diag_note(ctx->diag, "write d%s/dt = ... or %s' = ...", $1, $1);
      } else if (strcmp($3, "dt") != 0) {
        diag_error(ctx->diag, ctx->src, @3,
                   "derivatives are taken with respect to time: write %s/dt, not %s/%s",
                   $1, $1, $3);
      } else {
        Loc nl = {@1.start + 1, @1.end};
        ast_append(ctx->ast, new_stmt(ctx, ST_DERIV, @$, $1 + 1, nl, $5));
      }
    }
| DERIV '=' expr           {
      Expr *d = split_deriv(ctx, $1, @1);
      if (d->num == 1 && strcmp(d->wrt, "t") == 0) {
        Loc nl = {@1.start + 1, @1.start + 1 + (uint32_t)strlen(d->name)};
        ast_append(ctx->ast, new_stmt(ctx, ST_DERIV, @$, d->name, nl, $3));
      } else if (d->num == 1) {
        diag_error(ctx->diag, ctx->src, @1,
                   "derivatives are taken with respect to time: write d%s/dt, not %s",
                   d->name, $1);
        diag_note(ctx->diag, "a derivative in space goes on the right-hand side "
                             "(dV/dt = D*d2V/dx2 + ...) or in a boundary condition");
      } else {
        diag_error(ctx->diag, ctx->src, @1, "a second derivative in space goes on the "
                   "right-hand side: d%s/dt = D*%s + ...", d->name, $1);
      }
    }
| IDENT IDENT '=' '[' expr ',' expr ']' IDENT expr IDENT {
      /* domain, boundary and use are words of their statements only, not
       * reserved: a model may still name a variable `boundary`. */
      if (!statement_word(ctx, $1, @1, "domain")) {
      } else if (strcmp($9, "with") != 0 || strcmp($11, "points") != 0) {
        diag_error(ctx->diag, ctx->src, strcmp($9, "with") != 0 ? @9 : @11,
                   "expected 'with N points' after the domain's extent");
        diag_note(ctx->diag, "write: domain %s = [0, L] with 101 points", $2);
      } else {
        Stmt *st = new_stmt(ctx, ST_DOMAIN, @$, $2, @2, $10);
        st->lo = $5;
        st->hi = $7;
        ast_append(ctx->ast, st);
      }
    }
| IDENT IDENT '=' expr ':' expr '=' expr {
      if (statement_word(ctx, $1, @1, "boundary")) {
        Stmt *st = new_stmt(ctx, ST_BOUNDARY, @$, $2, @2, $8);
        st->end = $4;
        st->lhs = $6;
        ast_append(ctx->ast, st);
      }
    }
| IDENT STRING              {
      if (statement_word(ctx, $1, @1, "use")) {
        Stmt *st = new_stmt(ctx, ST_USE, @$, NULL, @2, NULL);
        st->text = $2;
        ast_append(ctx->ast, st);
      }
    }
| IDENT IDENT               {
      if (statement_word(ctx, $1, @1, "use")) {
        Stmt *st = new_stmt(ctx, ST_USE, @$, NULL, @2, NULL);
        st->text = $2;
        ast_append(ctx->ast, st);
      }
    }
| ON expr ':' action       {
      Stmt *st = new_stmt(ctx, ST_EVENT, @$, NULL, @1, $2);
      st->body = stmt_array(ctx, stmt_cons(ctx, NULL, $4), &st->nbody);
      ast_append(ctx->ast, st);
    }
| ON expr '{' nls_opt actions nls_opt '}' {
      Stmt *st = new_stmt(ctx, ST_EVENT, @$, NULL, @1, $2);
      st->body = stmt_array(ctx, $5, &st->nbody);
      ast_append(ctx->ast, st);
    }
| IDENT '(' IDENT '+' NUMBER ')' '=' expr {
      /* X(t+1) = ...: the value at the next step of a discrete model. */
      if (strcmp($3, "t") != 0) {
        diag_error(ctx->diag, ctx->src, @3, "a discrete-time update is written %s(t+1) = ..., "
                   "with 't', not '%s'", $1, $3);
      } else if ($5 != 1) {
        diag_error(ctx->diag, ctx->src, @5, "an update gives the next value, %s(t+1); "
                   "it cannot reach %g steps ahead", $1, $5);
        diag_note(ctx->diag, "keep the older values as states of their own");
      } else {
        Stmt *st = new_stmt(ctx, ST_DERIV, @$, $1, @1, $8);
        st->discrete = true;
        ast_append(ctx->ast, st);
      }
    }
| REFRACTORY expr          {
      ast_append(ctx->ast, new_stmt(ctx, ST_REFRACTORY, @$, NULL, @1, $2));
    }
| REFRACTORY expr IDENT held {
      if (strcmp($3, "hold") != 0) {
        diag_error(ctx->diag, ctx->src, @3, "expected 'hold' after the refractory period, "
                   "found '%s'", $3);
        diag_note(ctx->diag, "write: refractory DURATION hold V, w");
      } else {
        Stmt *st = new_stmt(ctx, ST_REFRACTORY, @$, NULL, @1, $2);
        int n = $4->n;
        st->nparams = n;
        st->params = arena_alloc(ctx->arena, (size_t)n * sizeof *st->params);
        st->param_locs = arena_alloc(ctx->arena, (size_t)n * sizeof *st->param_locs);
        for (NameList *p = $4; p; p = p->next) {
          n--;
          st->params[n] = p->name;
          st->param_locs[n] = p->loc;
        }
        ast_append(ctx->ast, st);
      }
    }
| TABLE IDENT '=' STRING    {
      Stmt *st = new_stmt(ctx, ST_TABLE, @$, $2, @2, NULL);
      st->text = $4;
      ast_append(ctx->ast, st);
    }
| IDENT '(' names ')' '=' expr {
      Stmt *st = new_stmt(ctx, ST_FUNC, @$, $1, @1, $6);
      int n = $3 ? $3->n : 0;
      st->nparams = n;
      st->params = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof *st->params);
      st->param_locs = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof *st->param_locs);
      int i = n;
      for (NameList *p = $3; p; p = p->next) {
        i--;
        st->params[i] = p->name;
        st->param_locs[i] = p->loc;
      }
      ast_append(ctx->ast, st);
    }
;

nls:
  NEWLINE
| nls NEWLINE
;

nls_opt:
  %empty
| nls
;

actions:
  action                    { $$ = stmt_cons(ctx, NULL, $1); }
| actions nls action        { $$ = stmt_cons(ctx, $1, $3); }
;

set_op:
  '='                       { $$ = AOP_PLUS; }
| ADD_ASSIGN                { $$ = AOP_ADD; }
| SUB_ASSIGN                { $$ = AOP_SUB; }
| MUL_ASSIGN                { $$ = AOP_MUL; }
| DIV_ASSIGN                { $$ = AOP_DIV; }
;

action:
  IDENT set_op expr         {
      Stmt *st = new_stmt(ctx, ST_SET, @$, $1, @1, $3);
      st->set_op = $2;
      $$ = st;
    }
| LET IDENT '=' expr        { $$ = new_stmt(ctx, ST_LET, @$, $2, @2, $4); }
| block_if
;

block_if:
  IF expr '{' nls_opt actions nls_opt '}' {
      Stmt *st = new_stmt(ctx, ST_IF, @$, NULL, @1, $2);
      st->body = stmt_array(ctx, $5, &st->nbody);
      $$ = st;
    }
| IF expr '{' nls_opt actions nls_opt '}' ELSE '{' nls_opt actions nls_opt '}' {
      Stmt *st = new_stmt(ctx, ST_IF, @$, NULL, @1, $2);
      st->body = stmt_array(ctx, $5, &st->nbody);
      st->else_body = stmt_array(ctx, $11, &st->nelse);
      $$ = st;
    }
| IF expr '{' nls_opt actions nls_opt '}' ELSE block_if {
      Stmt *st = new_stmt(ctx, ST_IF, @$, NULL, @1, $2);
      st->body = stmt_array(ctx, $5, &st->nbody);
      st->else_body = stmt_array(ctx, stmt_cons(ctx, NULL, $9), &st->nelse);
      $$ = st;
    }
;

bindings:
  binding
| bindings ',' binding      { Binding *b = $1; while (b->next) b = b->next; b->next = $3; $$ = $1; }
;

binding:
  IDENT '=' expr {
      Binding *b = arena_alloc(ctx->arena, sizeof *b);
      b->name = $1;
      b->name_loc = @1;
      b->value = $3;
      $$ = b;
    }
;

labels:
  label
| labels ',' label          { Binding *b = $1; while (b->next) b = b->next; b->next = $3; $$ = $1; }
;

label:
  IDENT '=' STRING {
      Binding *b = arena_alloc(ctx->arena, sizeof *b);
      b->name = $1;
      b->name_loc = @1;
      b->text = $3;
      $$ = b;
    }
;

held:
  IDENT                     {
      NameList *l = arena_alloc(ctx->arena, sizeof *l);
      l->name = $1; l->loc = @1; l->n = 1; $$ = l;
    }
| held ',' IDENT            {
      NameList *l = arena_alloc(ctx->arena, sizeof *l);
      l->name = $3; l->loc = @3; l->next = $1; l->n = $1->n + 1; $$ = l;
    }
;

names:
  %empty                    { $$ = NULL; }
| IDENT                     {
      NameList *l = arena_alloc(ctx->arena, sizeof *l);
      l->name = $1; l->loc = @1; l->n = 1; $$ = l;
    }
| names ',' IDENT           {
      NameList *l = arena_alloc(ctx->arena, sizeof *l);
      l->name = $3; l->loc = @3; l->next = $1; l->n = $1 ? $1->n + 1 : 1; $$ = l;
    }
;

expr:
  IF expr THEN expr ELSE expr { $$ = DEEP(ast_if(ctx->arena, @1, $2, $4, $6)); }
| or_expr
;

or_expr:
  or_expr OR and_expr       { $$ = DEEP(ast_binary(ctx->arena, AOP_OR, $1, $3)); }
| and_expr
;

and_expr:
  and_expr AND not_expr     { $$ = DEEP(ast_binary(ctx->arena, AOP_AND, $1, $3)); }
| not_expr
;

not_expr:
  NOT not_expr              { $$ = DEEP(ast_unary(ctx->arena, @1, AOP_NOT, $2)); }
| cmp_expr
;

cmp_expr:
  sum_expr cmp_op sum_expr  { $$ = DEEP(ast_binary(ctx->arena, $2, $1, $3)); }
| sum_expr
;

cmp_op:
  '<'   { $$ = AOP_LT; }
| LE    { $$ = AOP_LE; }
| '>'   { $$ = AOP_GT; }
| GE    { $$ = AOP_GE; }
| EQ    { $$ = AOP_EQ; }
| NE    { $$ = AOP_NE; }
;

sum_expr:
  sum_expr '+' term         { $$ = DEEP(ast_binary(ctx->arena, AOP_ADD, $1, $3)); }
| sum_expr '-' term         { $$ = DEEP(ast_binary(ctx->arena, AOP_SUB, $1, $3)); }
| term
;

term:
  term '*' unary            { $$ = DEEP(ast_binary(ctx->arena, AOP_MUL, $1, $3)); }
| term '/' unary            { $$ = DEEP(ast_binary(ctx->arena, AOP_DIV, $1, $3)); }
| unary
;

unary:
  '-' unary                 { $$ = DEEP(ast_unary(ctx->arena, @1, AOP_NEG, $2)); }
| '+' unary                 { $$ = DEEP(ast_unary(ctx->arena, @1, AOP_PLUS, $2)); }
| power
;

power:
  postfix POW unary         { $$ = DEEP(ast_binary(ctx->arena, AOP_POW, $1, $3)); }
| postfix
;

postfix:
  primary
| IDENT '(' args ')'        {
      Expr *e = arena_alloc(ctx->arena, sizeof *e);
      e->kind = EX_CALL;
      e->loc = @$;
      e->name = $1;
      e->name_loc = @1;
      int n = $3 ? $3->n : 0;
      e->nargs = n;
      e->args = arena_alloc(ctx->arena, (size_t)(n ? n : 1) * sizeof *e->args);
      for (ExprList *p = $3; p; p = p->next) e->args[--n] = p->e;
      ast_set_depth(e);
      $$ = DEEP(e);
    }
;

args:
  %empty                    { $$ = NULL; }
| expr                      {
      ExprList *l = arena_alloc(ctx->arena, sizeof *l);
      l->e = $1; l->n = 1; $$ = l;
    }
| args ',' expr             {
      ExprList *l = arena_alloc(ctx->arena, sizeof *l);
      l->e = $3; l->next = $1; l->n = $1 ? $1->n + 1 : 1; $$ = l;
    }
;

primary:
  NUMBER                    { $$ = ast_num(ctx->arena, @1, $1); }
| IDENT                     { $$ = ast_name(ctx->arena, @1, $1); }
| QNAME                     { $$ = ast_name(ctx->arena, @1, $1); }
| DERIV                     { $$ = split_deriv(ctx, $1, @1); }
| '(' expr ')'              { $$ = $2; $$->loc = @$; }
;

%%

/* Bison quotes aliases ("\"end of line\""); messages show them bare. */
static void token_label(yysymbol_kind_t k, char *buf, size_t size)
{
  const char *name = yysymbol_name(k);
  size_t n = strlen(name);
  if (n >= 2 && name[0] == '"' && name[n - 1] == '"')
    snprintf(buf, size, "%.*s", (int)(n - 2), name + 1);
  else
    snprintf(buf, size, "%s", name);
}

/* Character tokens have positional symbol numbers; match them by name. */
static bool is_char(yysymbol_kind_t k, char c)
{
  const char *name = yysymbol_name(k);
  return name[0] == '\'' && name[1] == c && name[2] == '\'' && name[3] == '\0';
}

static bool starts_expression(yysymbol_kind_t k)
{
  return k == YYSYMBOL_NUMBER || k == YYSYMBOL_IDENT || k == YYSYMBOL_QNAME || k == YYSYMBOL_IF ||
         k == YYSYMBOL_DERIV ||
         k == YYSYMBOL_NOT || is_char(k, '(') || is_char(k, '-') || is_char(k, '+');
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, ParseCtx *ctx)
{
  (void)scanner;
  yysymbol_kind_t la = yypcontext_token(yyctx);
  Loc loc = *yypcontext_location(yyctx);
  if (la == YYSYMBOL_LEXERROR) return 0; /* the scanner has already said why */
  ctx->skipping_line = true;
  if (la == YYSYMBOL_IF && ctx->first_token == IF && loc.start == ctx->first_loc.start) {
    diag_error(ctx->diag, ctx->src, loc, "syntax error: a statement cannot start with 'if'");
    diag_note(ctx->diag, "a condition goes inside an equation: x = if C then A else B; "
                         "a reset is an event: on V >= 30: V = c");
    return 0;
  }
  /* "reset v = ...": two names start only domain, boundary and use. */
  if (ctx->first_token == IDENT && ctx->second_token == IDENT) {
    int n = (int)(ctx->first_loc.end - ctx->first_loc.start);
    const char *w = ctx->src->text + ctx->first_loc.start;
    static const char *const words[] = {"domain", "boundary", "use"};
    bool known = false;
    for (int i = 0; i < 3; i++) known |= (int)strlen(words[i]) == n && strncmp(w, words[i], (size_t)n) == 0;
    if (!known) {
      char word[64];
      snprintf(word, sizeof word, "%.*s", n < 63 ? n : 63, w);
      statement_word(ctx, word, ctx->first_loc, "");
      return 0;
    }
  }
  int top = (ctx->depth <= PARSE_MAX_NESTING ? ctx->depth : PARSE_MAX_NESTING) - 1;
  char bracket = top >= 0 ? ctx->open_kind[top] : '(';
  if (la == YYSYMBOL_YYEOF && ctx->depth > 0) {
    diag_error(ctx->diag, ctx->src, ctx->open[top],
               "syntax error: this '%c' is not closed before the end of the input", bracket);
    return 0;
  }

  /* What was found: quote the text for names, numbers and operators. */
  char found[96];
  const char *text = ctx->src->text + loc.start;
  int len = (int)(loc.end - loc.start);
  if (len > 40) len = 40;
  switch (la) {
  case YYSYMBOL_YYEOF:
    if (ctx->continued) {
      snprintf(found, sizeof found, "end of input after '%.*s'", len, text);
      loc.start = loc.end; /* point just after the operator */
    } else if (ctx->depth > 0) {
      snprintf(found, sizeof found, "end of input inside %s", bracket == '(' ? "parentheses" : "braces");
    } else {
      snprintf(found, sizeof found, "end of input");
    }
    break;
  case YYSYMBOL_NEWLINE:
    snprintf(found, sizeof found, (len == 1 && text[0] == ';') ? "';'" : "end of line");
    break;
  case YYSYMBOL_IDENT: snprintf(found, sizeof found, "name '%.*s'", len, text); break;
  case YYSYMBOL_NUMBER: snprintf(found, sizeof found, "number '%.*s'", len, text); break;
  case YYSYMBOL_STRING: snprintf(found, sizeof found, "string %.*s", len, text); break;
  default: snprintf(found, sizeof found, "'%.*s'", len, text); break;
  }

  enum { MAXEXP = 64 };
  yysymbol_kind_t exp[MAXEXP];
  int n = yypcontext_expected_tokens(yyctx, exp, MAXEXP);
  if (n < 0) n = 0;
  bool want_expr = false, want_op = false;
  for (int i = 0; i < n; i++) {
    if (exp[i] == YYSYMBOL_NUMBER) want_expr = true;
    if (is_char(exp[i], '*')) want_op = true;
  }
  char expected[256] = "";
  size_t used = 0;
  int listed = 0;
  if (want_expr) {
    used += (size_t)snprintf(expected, sizeof expected, "an expression");
    listed++;
  }
  if (!want_op) {
    for (int i = 0; i < n && n <= 6; i++) {
      if (want_expr && starts_expression(exp[i])) continue;
      char label[48];
      token_label(exp[i], label, sizeof label);
      bool quote = exp[i] != YYSYMBOL_NEWLINE && exp[i] != YYSYMBOL_IDENT &&
                   exp[i] != YYSYMBOL_NUMBER && exp[i] != YYSYMBOL_YYEOF &&
                   label[0] != '\'';
      used += (size_t)snprintf(expected + used, sizeof expected - used, "%s%s%s%s%s",
                               listed ? " or " : "",
                               exp[i] == YYSYMBOL_IDENT ? "a " : "",
                               quote ? "'" : "", label, quote ? "'" : "");
      listed++;
      if (used >= sizeof expected) break;
    }
  }
  if (listed)
    diag_error(ctx->diag, ctx->src, loc, "syntax error: unexpected %s, expected %s", found, expected);
  else
    diag_error(ctx->diag, ctx->src, loc, "syntax error: unexpected %s", found);

  /* Hints for the mistakes people really make. */
  if (ctx->depth > 0 && bracket == '(') {
    int line, col;
    source_line_col(ctx->src, ctx->open[top].start, &line, &col);
    diag_note(ctx->diag, "the '(' at line %d, column %d is not closed", line, col);
  } else if (want_op && (la == YYSYMBOL_NUMBER || la == YYSYMBOL_IDENT || is_char(la, '('))) {
    if (ctx->keyword && la == YYSYMBOL_IDENT)
      diag_note(ctx->diag, "separate several definitions with ',', e.g. 'param a = 1, b = 2'");
    else
      diag_note(ctx->diag, "two operands in a row: insert an operator, e.g. '*'");
  } else if (is_char(la, '<') || is_char(la, '>') || la == YYSYMBOL_LE || la == YYSYMBOL_GE ||
             la == YYSYMBOL_EQ || la == YYSYMBOL_NE) {
    diag_note(ctx->diag, "comparisons do not chain: write 'a < b and b < c'");
  } else if (is_char(la, '=') && want_op) {
    diag_note(ctx->diag, "to compare two values write '=='");
  } else if (la == YYSYMBOL_NEWLINE && n == 1 && is_char(exp[0], '=') && ctx->keyword) {
    diag_note(ctx->diag, "give it a value, e.g. '%.*s = 0'",
              (int)(ctx->last_name.end - ctx->last_name.start),
              ctx->src->text + ctx->last_name.start);
  } else if (n >= 1 && exp[0] == YYSYMBOL_ELSE) {
    diag_note(ctx->diag, "a conditional needs both branches: if C then A else B");
  } else if (la == YYSYMBOL_IDENT && ctx->first_token == IDENT &&
             ctx->first_loc.end < loc.start && !want_expr && !want_op) {
    /* "reset v = ...": a word the language does not know, then a name. */
    diag_note(ctx->diag, "a statement is NAME = ..., dX/dt = ..., X(t+1) = ..., NAME(ARGS) = ..., "
                         "or starts with param, init, option, label, on, refractory, table, "
                         "domain, boundary or use");
  } else if (la == YYSYMBOL_IF && want_expr) {
    diag_note(ctx->diag, "a conditional inside a larger expression goes in parentheses: "
                         "2*(if C then A else B)");
  } else if (is_char(la, '[') || is_char(la, ']')) {
    diag_note(ctx->diag, "brackets give a domain's extent (domain x = [0, L] with 101 points); "
                         "group with '(' and ')'");
  } else if (la >= YYSYMBOL_PARAM && la <= YYSYMBOL_NOT) {
    diag_note(ctx->diag, "'%.*s' is a reserved word and cannot be used as a name", len, text);
  }
  return 0;
}

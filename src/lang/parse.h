/* parse.h: the model-text front end (grammar/lexer.l + grammar/parser.y).
 *
 * parse_model appends one Stmt per definition to ast (nodes in ast->arena)
 * and reports syntax errors through diag; it returns true when no error was
 * found.  *incomplete is set when the text ended inside an open parenthesis
 * or after a line continuation -- the REPL then asks for more lines.
 * parse_expr parses one expression from src->text[offset..] (a --set value);
 * it returns NULL after reporting an error.  The Source must outlive the AST. */
#ifndef NEURODE_PARSE_H
#define NEURODE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "source.h"

bool parse_model(const Source *src, Ast *ast, Diag *diag, bool *incomplete);
Expr *parse_expr(const Source *src, size_t offset, Arena *arena, Diag *diag);

/* Does text[0..len) end inside a statement -- an open parenthesis, after an
 * operator, after a backslash?  Tokens only, no parse and no messages: the
 * line reader asks this for every physical line. */
bool parse_incomplete(const char *text, size_t len);

/* Shared by the scanner and the parser; not for other modules. */
enum { PARSE_MAX_NESTING = 256 }; /* deeper parentheses are refused */
typedef struct ParseCtx {
  const Source *src;
  Arena *arena;     /* NULL: scanning only (names are not kept) */
  Diag *diag;       /* NULL: scanning only (no messages) */
  Ast *ast;         /* model mode */
  Expr *expr;       /* expression mode: the result */
  int start_token;  /* returned once, first: selects model or expression */
  uint32_t offset;  /* byte offset of the scanner in src->text */
  int depth;        /* open brackets ('(' or '{') */
  Loc open[PARSE_MAX_NESTING];
  char open_kind[PARSE_MAX_NESTING];
  bool last_newline;
  int last_token;   /* a line ending in an operator continues on the next */
  Loc last_loc;     /* and where that token was */
  bool continued;   /* the text ended with a backslash continuation */
  int keyword;      /* token of the keyword starting the current statement */
  int first_token;  /* the statement's first token */
  int second_token; /* and its second (0 until there is one) */
  int line_tokens;  /* tokens so far in the statement */
  Loc first_loc;    /* and where it is */
  bool too_deep;    /* an expression over AST_MAX_DEPTH was reported */
  bool skipping_line; /* a syntax error was reported: quiet until the newline */
  Loc last_name;    /* the most recent name token, for hints */
} ParseCtx;

#endif

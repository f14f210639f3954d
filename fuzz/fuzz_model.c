/* fuzz_model.c: libFuzzer harness for the front end -- any bytes as a model
 * file go through parsing, checking, lowering, compilation and setup, and
 * must come out as a model or as messages, never as a crash.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -I. \
 *     fuzz/fuzz_model.c src/[a-z]*.c grammar/parser.c grammar/lexer.c -lm -lreadline
 * (see fuzz/run.sh) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "parse.h"
#include "system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  Source *src = source_from_string("fuzz.nd", text);
  free(text);
  FILE *sink = fopen("/dev/null", "w");
  Diag d;
  diag_init(&d, sink);
  Ast ast;
  ast_init(&ast);
  if (parse_model(src, &ast, &d, NULL)) {
    Model *m = model_build(ast.stmts, ast.n, &d);
    if (m) {
      System *s = system_new(m, &d);
      if (s) {
        double y[64];
        if (s->nstates <= 32) system_setup(s, 2, NULL, 0, NULL, 0, y, &d);
        if (s->nstates <= 32) {
          double dy[64];
          system_rhs(s, 0.5, y, dy);
        }
        system_free(s);
      }
      model_free(m);
    }
  }
  ast_free(&ast);
  source_free(src);
  fclose(sink);
  return 0;
}

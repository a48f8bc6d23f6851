// External scanner for tree-sitter-nianbao: one zero-width token, `_eof`,
// emitted at the end of input so that the final line of a report may omit
// its trailing newline. Stateless.
#include "tree_sitter/parser.h"

enum TokenType { EOF_TOKEN };

void *tree_sitter_nianbao_external_scanner_create(void) { return NULL; }
void tree_sitter_nianbao_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_nianbao_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_nianbao_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

bool tree_sitter_nianbao_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  if (valid_symbols[EOF_TOKEN] && lexer->eof(lexer)) {
    lexer->result_symbol = EOF_TOKEN;
    return true;
  }
  return false;
}

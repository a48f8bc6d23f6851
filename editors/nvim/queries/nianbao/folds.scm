; Front matter, tables and multi-line comments fold (vim.treesitter.foldexpr).
; Sections are flat in the tree: the language server's folding ranges
; (vim.lsp.foldexpr) fold them.
[
  (front_matter)
  (table)
  (comment)
] @fold

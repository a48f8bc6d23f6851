; Neovim capture names (:help treesitter-highlight-groups). Where two
; patterns capture one node, Neovim applies the later one on top, so the
; specific patterns follow the general ones.

; Front matter: `机关: …`, `年度: 2021` between `---` lines.
(front_matter_delimiter) @punctuation.delimiter

(front_matter_entry
  key: (key) @property)

(front_matter_entry
  value: (value) @string)

; Headings: `#` title, `##` sections, `###` 表二 captions.
(heading
  marker: (heading_marker) @punctuation.special)

(heading
  content: (heading_content) @markup.heading)

((heading
  marker: (heading_marker) @_marker
  content: (heading_content) @markup.heading.1)
  (#eq? @_marker "#"))

((heading
  marker: (heading_marker) @_marker
  content: (heading_content) @markup.heading.2)
  (#eq? @_marker "##"))

((heading
  marker: (heading_marker) @_marker
  content: (heading_content) @markup.heading.3)
  (#eq? @_marker "###"))

; Tables: column headers, row labels (a row's first cell), numbers.
"|" @punctuation.delimiter

(table_delimiter_row
  (delimiter_cell) @punctuation.special)

(table_header
  (cell) @markup.heading)

(table_row
  label: (cell) @label)

; ASCII or full-width digits (full-width ones are flagged by the checker).
((cell) @number
  (#match? @number "^[-+]?[0-9０-９][0-9０-９,.]*$"))

; Comments; `<!-- nianbao-allow NB303: 理由 -->` silences a finding.
(comment) @comment @spell

((comment) @keyword.directive
  (#match? @keyword.directive "^<!--[ \t]*nianbao-allow"))

; Prose: checked when 'spell' is on ('spelllang' skips CJK).
(text_line) @spell

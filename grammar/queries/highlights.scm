; Front matter
(front_matter_delimiter) @punctuation.delimiter
(front_matter_entry key: (key) @property)
(front_matter_entry value: (value) @string)

; Headings
(heading marker: (heading_marker) @punctuation.special)
(heading content: (heading_content) @markup.heading)

; Tables: the first cell of a row is its label, the others are values.
(table_header (cell) @markup.heading)
(table_delimiter_row) @punctuation.delimiter
(table_row label: (cell) @label)
((cell) @number
  (#match? @number "^[+\\-]?[0-9０-９][0-9０-９,.]*$"))
"|" @punctuation.delimiter

; Comments and suppressions
(comment) @comment
((comment) @keyword.directive
  (#match? @keyword.directive "^<!--[ \t]*nianbao-allow"))

; Prose
(text_line) @spell

/**
 * tree-sitter grammar for `.nianbao` files: a strict, line-oriented Markdown
 * dialect (front matter, headings, paragraphs, pipe tables, HTML comments).
 * See docs/format.md. Every construct is one or more whole lines, so the
 * grammar has no inline syntax; cell and label text is read by the checker.
 */
export default grammar({
  name: 'nianbao',

  // Spaces and tabs between tokens are insignificant; line ends are not.
  extras: _ => [/[ \t\uFEFF]/],

  // A zero-width token at end of input, so that the last line of a file
  // needs no trailing newline (src/scanner.c).
  externals: $ => [$._eof],

  rules: {
    document: $ => seq(
      optional($.front_matter),
      repeat($._block),
    ),

    _block: $ => choice(
      $.heading,
      $.table,
      $.paragraph,
      $.comment,
      $._newline,
    ),

    // ---- front matter -------------------------------------------------
    front_matter: $ => seq(
      $.front_matter_delimiter,
      $._newline,
      repeat(choice($.front_matter_entry, $._newline)),
      // No line end of its own (the next block's line end follows): when the
      // closing `---` is missing, error recovery can then insert it just
      // before the first heading instead of swallowing the whole report.
      $.front_matter_delimiter,
    ),
    front_matter_delimiter: _ => '---',
    front_matter_entry: $ => seq(
      field('key', $.key),
      /[:：]/,
      optional(field('value', $.value)),
      $._newline,
    ),
    // A key never starts with `#`, `|` or `<`: when the closing `---` is
    // missing, the title and tables after it stay headings and tables.
    key: _ => token(prec(-1, /[^:：\r\n \t\-#|<][^:：\r\n]*/)),
    value: _ => /[^\r\n \t][^\r\n]*/,

    // ---- headings -----------------------------------------------------
    heading: $ => seq(
      field('marker', $.heading_marker),
      optional(field('content', $.heading_content)),
      $._eol,
    ),
    heading_marker: _ => /#+/,
    heading_content: _ => /[^\r\n \t][^\r\n]*/,

    // ---- paragraphs ---------------------------------------------------
    paragraph: $ => prec.right(repeat1($.text_line)),
    text_line: $ => seq($._text, $._eol),
    // A prose line: anything that does not open a heading, a table row or a
    // comment. `<!--` is excluded here so that an unterminated comment is an
    // error rather than silently becoming prose.
    _text: _ => token(prec(-1, choice(
      /[^#|<\r\n \t\uFEFF][^\r\n]*/,
      /<[^!\r\n][^\r\n]*/,
      /<![^\-\r\n][^\r\n]*/,
      /<!-[^\-\r\n][^\r\n]*/,
      /<!?-?/,
    ))),

    // ---- tables -------------------------------------------------------
    table: $ => prec.right(seq(
      field('header', $.table_header),
      field('delimiter', $.table_delimiter_row),
      repeat(choice(field('row', $.table_row), $.comment)),
    )),
    table_header: $ => seq($._cells, $._eol),
    // The first cell is the row's label (a field, so that queries can tell
    // it from a value cell even when the label cell is empty).
    table_row: $ => seq(
      '|',
      optional(field('label', $.cell)),
      '|',
      repeat(seq(optional($.cell), '|')),
      $._eol,
    ),
    _cells: $ => seq(
      '|',
      repeat(seq(optional($.cell), '|')),
    ),
    cell: _ => /[^|\r\n \t]([^|\r\n]*[^|\r\n \t])?/,
    table_delimiter_row: $ => seq(
      '|',
      repeat1(seq($.delimiter_cell, '|')),
      $._eol,
    ),
    delimiter_cell: _ => /:?-+:?/,

    // ---- comments -----------------------------------------------------
    comment: $ => seq($._comment, $._eol),
    _comment: _ => token(seq(
      '<!--',
      repeat(choice(/[^-]/, /-[^-]/, /--+[^->]/)),
      /--+>/,
    )),

    _eol: $ => choice($._newline, $._eof),
    // Anonymous (visible) tokens rather than a hidden regex: error recovery
    // then counts a skipped line end as a skipped node, so a row missing its
    // closing `|` does not swallow the next row.
    _newline: _ => choice('\n', '\r\n'),
  },
});

; TODO/FIXME/NOTE inside `<!-- -->` comments, when the `comment` parser is
; installed (nvim-treesitter); without it nothing happens.
((comment) @injection.content
  (#set! injection.language "comment"))

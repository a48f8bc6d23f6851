; TODO/FIXME and links inside `<!-- -->` comments (Helix's `comment` grammar).
((comment) @injection.content
  (#set! injection.language "comment"))

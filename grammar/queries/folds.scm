(front_matter) @fold
(table) @fold
(comment) @fold

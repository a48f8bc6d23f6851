//! The tree-sitter grammar for `.nianbao` reports.
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser.set_language(&tree_sitter_nianbao::LANGUAGE.into()).unwrap();
//! let tree = parser.parse("## 一、总体情况\n", None).unwrap();
//! assert_eq!(tree.root_node().kind(), "document");
//! ```

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_nianbao() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_nianbao) };

/// The content of the [`node-types.json`] file for this grammar.
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// Syntax highlighting query (tree-sitter capture names).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// Folding query.
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");

#[cfg(test)]
mod tests {
    #[test]
    fn loads_grammar() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("Error loading nianbao parser");
    }
}

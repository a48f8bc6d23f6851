//! nianbao: language tooling for 政府信息公开工作年度报告.
//!
//! The pipeline: [`syntax`] parses with the tree-sitter grammar, [`model`]
//! reads the blocks, [`analysis`] binds them to the edition [`template`],
//! [`rules`] produce [`diagnostic`]s, and [`check`] ties it together for the
//! CLI and the language server alike.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod encoding;
pub mod files;
pub mod format;
pub mod import;
pub mod knowledge;
pub mod labels;
pub mod lsp;
pub mod model;
pub mod output;
pub mod render;
pub mod review;
pub mod rules;
pub mod skeleton;
pub mod suppress;
pub mod syntax;
pub mod template;
pub mod text;
pub mod value;

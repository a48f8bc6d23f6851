//! `nianbao lsp`: the language server. It speaks JSON-RPC over stdio
//! ([`transport`]) and reuses the checker unchanged, so the editor and
//! `nianbao check` always agree.
//!
//! - [`document`]: open documents — rope, incremental tree-sitter reparse,
//!   immutable [`Snapshot`]s that requests read;
//! - [`position`]: byte offsets ↔ LSP positions in the negotiated encoding
//!   (the only place columns are counted);
//! - [`server`]: the main loop that applies edits in order, the check and
//!   request threads, and one handler per method, each delegating to a
//!   feature module;
//! - one module per feature: [`diagnostics`], [`hover`], [`completion`],
//!   [`actions`], [`formatting`], [`symbols`], [`folding`], [`semantic`],
//!   [`inlay`], [`definition`];
//! - [`uri`]: the client's `file:` URIs (Windows ones too) → paths.
//!
//! Every protocol type comes through [`types`], so the next change of the
//! types crate stays in this one line.

pub use ls_types as types;

pub mod actions;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod document;
pub mod edits;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod inlay;
pub mod position;
pub mod semantic;
pub mod server;
pub mod symbols;
mod transport;
pub mod uri;

pub use document::Snapshot;
pub use position::Encoding;

/// Serve on stdin/stdout until the client says `exit` (or closes stdin).
pub fn run() -> anyhow::Result<()> {
    let out = transport::Out::new(transport::stdout());
    let incoming = transport::messages(std::io::stdin().lock(), out.clone());
    let status = server::serve(incoming, out.clone());
    // Everything said until now is written before the process ends, after
    // any thread still writing has finished.
    out.finish();
    if status != 0 {
        std::process::exit(status);
    }
    Ok(())
}

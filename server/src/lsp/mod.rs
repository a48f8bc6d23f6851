//! `nianbao lsp`: the language server. It speaks JSON-RPC over stdio through
//! `tower-lsp-server` and reuses the checker unchanged, so the editor and
//! `nianbao check` always agree.
//!
//! - [`document`]: open documents — rope, incremental tree-sitter reparse,
//!   immutable [`Snapshot`]s that requests read;
//! - [`position`]: byte offsets ↔ LSP positions in the negotiated encoding
//!   (the only place columns are counted);
//! - [`server`]: the `LanguageServer` implementation (one handler per
//!   method, each delegating to a feature module);
//! - one module per feature: [`diagnostics`], [`hover`], [`completion`],
//!   [`actions`], [`formatting`], [`symbols`], [`folding`], [`semantic`],
//!   [`inlay`], [`definition`].
//!
//! Every protocol type comes through [`types`], so the next change of the
//! types crate stays in this one line.

pub use tower_lsp_server::ls_types as types;

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

pub use document::Snapshot;
pub use position::Encoding;

/// Serve on stdin/stdout until the client says `exit`.
pub fn run() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = tower_lsp_server::LspService::new(server::Backend::new);
        transport::serve(service, socket).await;
    });
    Ok(())
}

//! The `LanguageServer` implementation: one handler per method. Handlers
//! only find the snapshot, delegate to the feature module, and answer.
//!
//! Concurrency: `tower-lsp-server` runs up to four handlers at once, but it
//! polls them in arrival order, so everything a notification changes
//! (`did_open`, `did_change`, `did_close`) is done synchronously at the top
//! of its handler, before the first `.await`. Checks run afterwards and
//! publish only if their version is still the newest one.

use super::document::Snapshot;
use super::position::Encoding;
use super::types::*;
use super::{
    actions, completion, definition, diagnostics, folding, formatting, hover, inlay, semantic,
    symbols,
};
use crate::check::{self, Loader};
use crate::config::{Config, RuleSetting};
use crate::diagnostic::Diagnostic;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::{Client, LanguageServer};

/// Documents larger than this are checked on a blocking thread so that a
/// huge file does not stall the handlers of other documents.
const BLOCKING_CHECK_BYTES: usize = 256 * 1024;

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    caps: OnceLock<ClientCaps>,
    /// Never held across an `.await`.
    docs: Mutex<HashMap<Uri, Open>>,
    /// `nianbao.toml` per folder (None: there is none, or it is broken).
    configs: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    settings: Mutex<Settings>,
}

/// What the client said it can do, read once in `initialize`.
#[derive(Debug, Clone, Copy)]
struct ClientCaps {
    encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); then the
    /// server never pushes them.
    pull: bool,
    pull_refresh: bool,
    snippets: bool,
    watch_files: bool,
    inlay_refresh: bool,
}

/// Editor settings (`initializationOptions` and
/// `workspace/didChangeConfiguration`): rule severities below
/// `nianbao.toml`'s, and whether inlay hints are shown.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Settings {
    rules: BTreeMap<String, RuleSetting>,
    inlay_hints: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: BTreeMap::new(),
            inlay_hints: true,
        }
    }
}

impl Settings {
    /// Accepts `{ "rules": …, "inlayHints": … }`, or the same under a
    /// `nianbao` key (what VS Code sends for the `nianbao.*` settings).
    /// `null` and `{}` are no settings: eglot sends `{"settings": {}}` right
    /// after connecting, which must not undo its initializationOptions.
    fn from_json(value: &serde_json::Value) -> Option<Settings> {
        let value = value.get("nianbao").unwrap_or(value);
        if value.is_null() || value.as_object().is_some_and(|o| o.is_empty()) {
            return None;
        }
        serde_json::from_value(value.clone()).ok()
    }
}

struct Open {
    snap: Arc<Snapshot>,
    /// What else the check reads, resolved and normalized, to find the
    /// reports that read a changed one: `上年报告` and an aggregate's parts
    /// (`汇总`: files, or folders whose every report is a part).
    reads: Vec<PathBuf>,
    /// The diagnostics of the newest version checked so far.
    checked: Option<(i32, Arc<Vec<Diagnostic>>)>,
    /// Bumped whenever something else the check reads (`上年报告`, the
    /// config) changes: a check that started before must not be cached or
    /// published.
    inputs: u64,
}

impl Open {
    fn new(snap: Snapshot) -> Open {
        Open {
            reads: snap
                .previous_path()
                .into_iter()
                .chain(snap.part_paths())
                .map(|p| normalize(&p))
                .collect(),
            snap: Arc::new(snap),
            checked: None,
            inputs: 0,
        }
    }
}

/// An absolute path with `.` and `..` resolved lexically, so that two
/// spellings of one file compare equal without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `上年报告` is read from the open buffer when the editor has it, from
/// disk otherwise.
struct BufferLoader<'a> {
    state: &'a State,
}

impl Loader for BufferLoader<'_> {
    fn load(&self, path: &Path) -> std::io::Result<String> {
        let want = normalize(path);
        let open = {
            let docs = self.state.docs.lock().unwrap();
            docs.values()
                .find(|o| o.snap.path.as_deref().map(normalize).as_ref() == Some(&want))
                .map(|o| o.snap.clone())
        };
        match open {
            Some(snap) => Ok(snap.text().to_string()),
            None => check::DiskLoader.load(path),
        }
    }
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::default(),
        }
    }

    fn caps(&self) -> ClientCaps {
        *self.state.caps.get().unwrap_or(&ClientCaps {
            encoding: Encoding::Utf16,
            pull: false,
            pull_refresh: false,
            snippets: false,
            watch_files: false,
            inlay_refresh: false,
        })
    }

    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.state
            .docs
            .lock()
            .unwrap()
            .get(uri)
            .map(|o| o.snap.clone())
    }

    /// The snapshot a request is about, or the protocol's error for a
    /// document the client never opened.
    fn require(&self, uri: &Uri) -> Result<Arc<Snapshot>> {
        self.snapshot(uri).ok_or_else(|| {
            let mut e = Error::invalid_params(format!("文档未打开：{}", uri.as_str()));
            e.data = None;
            e
        })
    }

    fn is_latest(&self, snap: &Snapshot) -> bool {
        self.state
            .docs
            .lock()
            .unwrap()
            .get(&snap.uri)
            .is_some_and(|o| o.snap.version == snap.version)
    }

    /// The config for a document: `nianbao.toml` from its folder or above,
    /// with the editor's rule settings underneath.
    async fn config_for(&self, path: Option<&Path>) -> Arc<Config> {
        let file_config = match path.and_then(Path::parent) {
            None => None,
            Some(dir) => {
                let cached = self.state.configs.lock().unwrap().get(dir).cloned();
                match cached {
                    Some(c) => c,
                    None => {
                        let found = match Config::discover(dir) {
                            Ok(c) => c.map(Arc::new),
                            Err(e) => {
                                self.client
                                    .show_message(
                                        MessageType::ERROR,
                                        format!("nianbao.toml 无法使用，已按默认规则检查：{e:#}"),
                                    )
                                    .await;
                                None
                            }
                        };
                        self.state
                            .configs
                            .lock()
                            .unwrap()
                            .insert(dir.to_path_buf(), found.clone());
                        found
                    }
                }
            }
        };
        let settings = self.state.settings.lock().unwrap().clone();
        if settings.rules.is_empty() {
            return file_config.unwrap_or_default();
        }
        let mut config = file_config.as_deref().cloned().unwrap_or_default();
        for (code, setting) in settings.rules {
            if crate::rules::by_code(&code).is_some() {
                config.rules.entry(code).or_insert(setting);
            }
        }
        Arc::new(config)
    }

    /// The diagnostics of a snapshot: cached for its version, else checked
    /// now and cached unless a newer version was checked meanwhile.
    async fn diagnostics(&self, snap: &Arc<Snapshot>) -> Arc<Vec<Diagnostic>> {
        self.diagnostics_fresh(snap).await.0
    }

    /// [`Self::diagnostics`], and whether they are still current: false when
    /// `上年报告` or the config changed while the check ran (a recheck is
    /// then on its way, and these must not overwrite its result).
    async fn diagnostics_fresh(&self, snap: &Arc<Snapshot>) -> (Arc<Vec<Diagnostic>>, bool) {
        let (cached, inputs) = {
            let docs = self.state.docs.lock().unwrap();
            let open = docs.get(&snap.uri);
            let cached = open.and_then(|o| {
                o.checked
                    .as_ref()
                    .filter(|(v, _)| *v == snap.version)
                    .map(|(_, d)| d.clone())
            });
            (cached, open.map_or(0, |o| o.inputs))
        };
        if let Some(cached) = cached {
            return (cached, true);
        }
        let config = self.config_for(snap.path.as_deref()).await;
        let diags = if snap.path.as_deref().is_some_and(|p| config.is_excluded(p)) {
            Vec::new()
        } else if snap.text().len() > BLOCKING_CHECK_BYTES {
            let (state, snap2) = (self.state.clone(), snap.clone());
            let checked = tokio::task::spawn_blocking(move || {
                // Edits typed while earlier checks of a big file queued up
                // make those checks pointless: skip them.
                let latest = state
                    .docs
                    .lock()
                    .unwrap()
                    .get(&snap2.uri)
                    .is_some_and(|o| o.snap.version == snap2.version);
                latest.then(|| run_check(&state, &snap2, &config))
            })
            .await;
            match checked {
                Ok(Some(d)) => d,
                // Stale (nothing is cached) or the check panicked.
                _ => return (Arc::new(Vec::new()), false),
            }
        } else {
            run_check(&self.state, snap, &config)
        };
        let diags = Arc::new(diags);
        let mut fresh = false;
        if let Some(open) = self.state.docs.lock().unwrap().get_mut(&snap.uri) {
            fresh = open.inputs == inputs;
            if fresh
                && open
                    .checked
                    .as_ref()
                    .is_none_or(|(v, _)| *v <= snap.version)
            {
                open.checked = Some((snap.version, diags.clone()));
            }
        }
        (diags, fresh)
    }

    /// Check a document and push its diagnostics (push clients only), unless
    /// a newer version has arrived meanwhile.
    async fn publish(&self, uri: &Uri) {
        let Some(snap) = self.snapshot(uri) else {
            return;
        };
        let (diags, fresh) = self.diagnostics_fresh(&snap).await;
        if self.caps().pull || !fresh || !self.is_latest(&snap) {
            return;
        }
        let lsp = diagnostics::to_lsp(&snap, &diags);
        self.client
            .publish_diagnostics(snap.uri.clone(), lsp, Some(snap.version))
            .await;
    }

    /// After `uri` changed: its own diagnostics, then those of the open
    /// reports whose `上年报告` it is.
    async fn refresh(&self, uri: &Uri) {
        self.publish(uri).await;
        let dependents = self.dependents(uri);
        self.recheck(dependents).await;
    }

    /// Forget the diagnostics of documents whose inputs changed elsewhere
    /// (their own version did not move) and check them again: pushed, or
    /// for pull clients, asked to pull again.
    async fn recheck(&self, uris: Vec<Uri>) {
        if uris.is_empty() {
            return;
        }
        {
            let mut docs = self.state.docs.lock().unwrap();
            for uri in &uris {
                if let Some(o) = docs.get_mut(uri) {
                    o.checked = None;
                    o.inputs += 1;
                }
            }
        }
        if self.caps().pull {
            if self.caps().pull_refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
        } else {
            for uri in uris {
                self.publish(&uri).await;
            }
        }
    }

    fn dependents(&self, uri: &Uri) -> Vec<Uri> {
        let docs = self.state.docs.lock().unwrap();
        let path = docs
            .get(uri)
            .and_then(|o| o.snap.path.as_deref())
            .map(normalize)
            .or_else(|| uri.to_file_path().map(|p| normalize(&p)));
        let Some(path) = path else {
            return Vec::new();
        };
        docs.iter()
            .filter(|(u, o)| {
                // A part named in a folder: `path` is in it.
                *u != uri
                    && o.reads
                        .iter()
                        .any(|r| path == *r || path.parent() == Some(r))
            })
            .map(|(u, _)| u.clone())
            .collect()
    }

    async fn refresh_all(&self) {
        let uris: Vec<Uri> = self.state.docs.lock().unwrap().keys().cloned().collect();
        self.recheck(uris).await;
        if self.caps().inlay_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    fn capabilities(&self, caps: &ClientCaps) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(caps.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            diagnostic_provider: caps.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("nianbao".into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(["#", " ", "|", ":", "："].map(String::from).to_vec()),
                ..Default::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(actions::FIX_ALL),
                ]),
                ..Default::default()
            })),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_range_formatting_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: semantic::legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    ..Default::default()
                }),
            ),
            inlay_hint_provider: Some(OneOf::Left(true)),
            definition_provider: Some(OneOf::Left(true)),
            ..Default::default()
        }
    }
}

/// The checker, exactly as `nianbao check` runs it. A bug in a rule must
/// not take the editor's server down: a panic becomes one diagnostic.
fn run_check(state: &State, snap: &Snapshot, config: &Config) -> Vec<Diagnostic> {
    let loader = BufferLoader { state };
    guarded(|| {
        let previous = check::load_previous(&snap.doc, snap.path.as_deref(), &loader);
        let parts = check::load_parts(&snap.doc, snap.path.as_deref(), &loader);
        check::check_with_inputs(&snap.doc, previous.as_ref(), parts.as_ref(), config)
    })
    .unwrap_or_else(|_| {
        let nb001 = crate::rules::by_code("NB001").expect("NB001 is registered");
        vec![nb001.diag(
            0..0,
            "nianbao 内部错误：检查这份报告时出错，请把报告发给开发者（详情见语言服务器日志）",
        )]
    })
}

/// Run a feature, turning a panic into the protocol's internal error so the
/// server keeps serving (the panic message goes to stderr, the client's log).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| Error::internal_error())
}

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let c = &params.capabilities;
    let text = c.text_document.as_ref();
    let workspace = c.workspace.as_ref();
    ClientCaps {
        encoding: Encoding::negotiate(
            c.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        ),
        pull: text.is_some_and(|t| t.diagnostic.is_some()),
        pull_refresh: workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        snippets: text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        inlay_refresh: workspace
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|i| i.refresh_support)
            .unwrap_or(false),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = client_caps(&params);
        let _ = self.state.caps.set(caps);
        if let Some(s) = params
            .initialization_options
            .as_ref()
            .and_then(Settings::from_json)
        {
            *self.state.settings.lock().unwrap() = s;
        }
        Ok(InitializeResult {
            capabilities: self.capabilities(&caps),
            server_info: Some(ServerInfo {
                name: "nianbao".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if !self.caps().watch_files {
            return;
        }
        // Re-read nianbao.toml when it changes on disk, and re-check the
        // reports whose 上年报告 changed on disk (when it is not open).
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: ["**/nianbao.toml", "**/*.nianbao"]
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.into()),
                    kind: None,
                })
                .to_vec(),
        };
        let registration = Registration {
            id: "nianbao-config".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let _ = self.client.register_capability(vec![registration]).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let snap = Snapshot::open(d.uri.clone(), &d.text, d.version, self.caps().encoding);
        self.state
            .docs
            .lock()
            .unwrap()
            .insert(d.uri.clone(), Open::new(snap));
        self.refresh(&d.uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let problem = {
            let mut docs = self.state.docs.lock().unwrap();
            match docs.get_mut(&uri) {
                Some(open) => {
                    let version = params.text_document.version;
                    let changes = params.content_changes;
                    match guarded(|| open.snap.apply(version, changes)) {
                        Ok(next) => {
                            *open = Open::new(next);
                            None
                        }
                        // Keep the last good text rather than die; reopening
                        // the file resynchronises it.
                        Err(_) => Some("应用修改时出错，请关闭并重新打开该文件"),
                    }
                }
                None => Some("忽略对未打开文档的修改"),
            }
        };
        if let Some(problem) = problem {
            self.client
                .log_message(MessageType::WARNING, format!("{problem}：{}", uri.as_str()))
                .await;
            return;
        }
        self.refresh(&uri).await;
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let removed = self.state.docs.lock().unwrap().remove(&uri).is_some();
        if removed && !self.caps().pull {
            self.client
                .publish_diagnostics(uri.clone(), vec![], None)
                .await;
        }
        // Reports that read this one now read it from disk.
        let dependents = self.dependents(&uri);
        self.recheck(dependents).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if let Some(s) = Settings::from_json(&params.settings) {
            *self.state.settings.lock().unwrap() = s;
        }
        self.refresh_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let config_changed = params
            .changes
            .iter()
            .any(|c| c.uri.as_str().ends_with("/nianbao.toml"));
        if config_changed {
            self.state.configs.lock().unwrap().clear();
            self.refresh_all().await;
            return;
        }
        // A report changed on disk: re-check the open reports that read it
        // (an open report is read from its buffer, so its own change is
        // already known).
        let mut dependents = Vec::new();
        for change in params.changes {
            if self.snapshot(&change.uri).is_none() {
                dependents.extend(self.dependents(&change.uri));
            }
        }
        dependents.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        dependents.dedup();
        self.recheck(dependents).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snap = self.require(&params.text_document.uri)?;
        let diags = self.diagnostics(&snap).await;
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items: diagnostics::to_lsp(&snap, &diags),
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let snap = self.require(&p.text_document.uri)?;
        let diags = self.diagnostics(&snap).await;
        guarded(|| hover::hover(&snap, &diags, snap.offset(p.position)))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let snap = self.require(&p.text_document.uri)?;
        let snippets = self.caps().snippets;
        let items = guarded(|| completion::complete(&snap, snap.offset(p.position), snippets))?;
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let snap = self.require(&params.text_document.uri)?;
        let diags = self.diagnostics(&snap).await;
        let actions = guarded(|| {
            actions::code_actions(
                &snap,
                &diags,
                snap.span(params.range),
                params.context.only.as_deref(),
            )
        })?;
        Ok(Some(actions))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let snap = self.require(&params.text_document.uri)?;
        guarded(|| Some(formatting::format(&snap, None)))
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let snap = self.require(&params.text_document.uri)?;
        guarded(|| Some(formatting::format(&snap, Some(snap.span(params.range)))))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let snap = self.require(&params.text_document.uri)?;
        guarded(|| {
            Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
                &snap,
            )))
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let snap = self.require(&params.text_document.uri)?;
        guarded(|| Some(folding::folding_ranges(&snap)))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let snap = self.require(&params.text_document.uri)?;
        let diags = self.diagnostics(&snap).await;
        guarded(|| {
            Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data: semantic::tokens(&snap, &diags),
            }))
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let snap = self.require(&params.text_document.uri)?;
        if !self.state.settings.lock().unwrap().inlay_hints {
            return Ok(Some(Vec::new()));
        }
        guarded(|| Some(inlay::inlay_hints(&snap, snap.span(params.range))))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let snap = self.require(&p.text_document.uri)?;
        guarded(|| {
            definition::definition(&snap, snap.offset(p.position))
                .map(GotoDefinitionResponse::Scalar)
        })
    }
}

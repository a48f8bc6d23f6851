//! The language server: a main loop that reads messages in order, and
//! worker threads that do the work (docs/architecture.md draws it).
//!
//! - The **main loop** (the thread that calls [`serve`]) handles every
//!   message in the order it arrived. Notifications that change state
//!   (`didOpen`, `didChange`, `didClose`, configuration, watched files) are
//!   applied right there, so edits always apply in order; they only parse
//!   (incrementally) and never check.
//! - **Checks** run only on [`CHECK_THREADS`] threads, per document: a
//!   changed document is queued once however many edits arrive before a
//!   thread takes it (it is then checked at its newest version), and a
//!   running check stops between two rules when a newer version or a
//!   changed input makes it pointless. A result is published only while it
//!   is still the document's newest, under the documents lock, so an older
//!   result can never follow a newer one.
//! - **Requests** run on [`REQUEST_THREADS`] other threads, each reading the
//!   snapshot that was current when the request arrived. Those that need
//!   the findings (code actions, pulls) are answered when the check of that
//!   snapshot finishes, without a thread waiting for it; hovers and semantic
//!   tokens wait briefly; a pull that a newer edit overtook is answered
//!   `ServerCancelled` so the client pulls again.

use super::document::Snapshot;
use super::position::Encoding;
use super::transport::{self, Out};
use super::types::*;
use super::{
    actions, completion, definition, diagnostics, folding, formatting, hover, inlay, semantic,
    symbols,
};
use crate::analysis::Analyzed;
use crate::check::{self, Loader};
use crate::config::{Config, RuleSetting};
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

/// Threads that check documents: one long check (a 10 MB report) leaves
/// the other for the rest.
const CHECK_THREADS: usize = 2;
/// Threads that answer requests, apart from the checks.
const REQUEST_THREADS: usize = 4;
/// How long a hover or the semantic tokens wait for the check of their
/// version before answering without its findings.
const BRIEF_WAIT: Duration = Duration::from_millis(500);

type Reply<T> = std::result::Result<T, ResponseError>;

fn reply_error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.into(),
        data: None,
    }
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
    /// The client resolves a code action's `edit` (`codeAction/resolve`).
    resolve_edit: bool,
    /// The client re-requests semantic tokens when asked to.
    tokens_refresh: bool,
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

type FileStamp = (u64, Option<std::time::SystemTime>);

/// What the main loop, the check threads and the request threads share.
struct Shared {
    out: Out,
    caps: OnceLock<ClientCaps>,
    /// The main loop swaps snapshots in and out; the other threads only
    /// attach checks to them. Never held across a check.
    docs: Mutex<HashMap<Uri, Open>>,
    /// Reports read from disk (`上年报告`, parts), parsed and analysed, with
    /// the size and modification time they were read at.
    files: Mutex<HashMap<PathBuf, (FileStamp, Arc<Analyzed>)>>,
    /// `nianbao.toml` per folder (None: there is none, or it is broken).
    configs: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    settings: Mutex<Settings>,
    /// Documents waiting for a check thread (each at most once).
    queued: Mutex<HashSet<Uri>>,
    checks: Sender<Uri>,
    /// After `shutdown`: nothing more is checked or published.
    shut_down: AtomicBool,
    /// Bumped when `nianbao.toml` changed: a config read before must not
    /// be cached after the cache was cleared.
    configs_generation: AtomicU64,
    /// The request threads' queue.
    jobs: Sender<Job>,
    /// Requests being answered, and whether the client cancelled them.
    running: Mutex<HashMap<RequestId, Arc<AtomicBool>>>,
    next_id: AtomicU64,
}

struct Open {
    snap: Arc<Snapshot>,
    /// The snapshot's file, normalized once (looked up by the reports that
    /// read this one).
    path: Option<PathBuf>,
    /// What else the check reads, resolved and normalized, to find the
    /// reports that read a changed one: `上年报告` and an aggregate's parts
    /// (`汇总`: files, or folders whose every report is a part).
    reads: Vec<PathBuf>,
    /// Bumped whenever something else the check reads (`上年报告`, the
    /// config) changes.
    inputs: u64,
    /// The check of the newest version and inputs: running or done.
    check: Option<Arc<Check>>,
}

impl Open {
    fn new(snap: Arc<Snapshot>) -> Open {
        Open {
            path: snap.path.as_deref().map(normalize),
            reads: snap
                .previous_path()
                .into_iter()
                .chain(snap.part_paths())
                .map(|p| normalize(&p))
                .collect(),
            snap,
            inputs: 0,
            check: None,
        }
    }
}

/// One check of one snapshot with one generation of inputs, shared by
/// whoever needs its result. Only a check thread runs it.
struct Check {
    /// The snapshot checked: compared by identity, since a document closed
    /// and opened again may reuse its version numbers.
    snap: Arc<Snapshot>,
    inputs: u64,
    /// Taken by the check thread that runs it, or by the main loop to retire
    /// it unrun when a newer version replaces it.
    claimed: AtomicBool,
    /// The outcome, and what runs once it is known (requests that need
    /// the findings: they are answered then, without a thread waiting).
    outcome: Mutex<(Outcome, Vec<Then>)>,
    finished: Condvar,
    published: AtomicBool,
    /// Semantic tokens were answered without its findings.
    tokens_stale: AtomicBool,
}

type Then = Box<dyn FnOnce(Outcome) + Send>;

/// What runs once a snapshot's findings are known (or `None`: its text
/// moved on).
type Done = Box<dyn FnOnce(&Arc<Shared>, Option<Arc<Vec<Diagnostic>>>) + Send>;

#[derive(Clone)]
enum Outcome {
    Running,
    Done(Arc<Vec<Diagnostic>>),
    /// A newer version or changed inputs made it pointless.
    Superseded,
}

impl Check {
    fn new(snap: Arc<Snapshot>, inputs: u64) -> Check {
        Check {
            snap,
            inputs,
            claimed: AtomicBool::new(false),
            outcome: Mutex::new((Outcome::Running, Vec::new())),
            finished: Condvar::new(),
            published: AtomicBool::new(false),
            tokens_stale: AtomicBool::new(false),
        }
    }

    /// Whether the caller is the one to run (or retire) it.
    fn claim(&self) -> bool {
        !self.claimed.swap(true, Ordering::AcqRel)
    }

    /// A newer version or input replaced it: if nobody runs it yet, it
    /// never will, and whoever waits for it learns so now. (A running one
    /// stops by itself at the next rule.)
    fn retire(&self) {
        if self.claim() {
            self.finish(Outcome::Superseded);
        }
    }

    /// Never called with the documents lock held: what waits for the
    /// outcome takes it.
    fn finish(&self, outcome: Outcome) {
        let waiting = {
            let mut o = lock(&self.outcome);
            o.0 = outcome.clone();
            std::mem::take(&mut o.1)
        };
        self.finished.notify_all();
        for then in waiting {
            then(outcome.clone());
        }
    }

    /// Run `then` with the outcome once it is known: now, or on the thread
    /// that finishes the check.
    fn then(&self, then: Then) {
        let mut o = lock(&self.outcome);
        if matches!(o.0, Outcome::Running) {
            o.1.push(then);
        } else {
            let outcome = o.0.clone();
            drop(o);
            then(outcome);
        }
    }

    /// The outcome, waiting at most `limit`; `Running` when the time ran
    /// out. (Whoever must have the outcome registers with [`Check::then`]
    /// instead of holding a thread.)
    fn wait(&self, limit: Duration) -> Outcome {
        let guard = lock(&self.outcome);
        let running = |o: &mut (Outcome, Vec<Then>)| matches!(o.0, Outcome::Running);
        let (guard, _) = self
            .finished
            .wait_timeout_while(guard, limit, running)
            .unwrap_or_else(PoisonError::into_inner);
        guard.0.clone()
    }
}

/// A lock that survives a panic elsewhere: what it guards is replaced
/// whole (snapshots, caches), never left half-written.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn caps(&self) -> ClientCaps {
        *self.caps.get().unwrap_or(&ClientCaps {
            encoding: Encoding::Utf16,
            pull: false,
            pull_refresh: false,
            snippets: false,
            watch_files: false,
            inlay_refresh: false,
            resolve_edit: false,
            tokens_refresh: false,
        })
    }

    fn send(&self, msg: Message) {
        self.out.send(transport::encode(msg));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.out.send(transport::notification(method, params));
    }

    /// A request to the client; its answer is not needed.
    fn ask(&self, method: &str, params: impl serde::Serialize) {
        let id = format!("nianbao-{}", self.next_id.fetch_add(1, Ordering::Relaxed));
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        self.send(Message::Request(Request::new(
            id.into(),
            method.into(),
            params,
        )));
    }

    /// The answer to request `id`.
    fn respond(&self, id: RequestId, result: Reply<Value>) {
        let (result, error) = match result {
            Ok(v) => (Some(v), None),
            Err(e) => (None, Some(e)),
        };
        self.send(Message::Response(Response { id, result, error }));
    }

    fn message(&self, method: &str, typ: MessageType, message: String) {
        self.notify(method, serde_json::json!({"type": typ, "message": message}));
    }

    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        lock(&self.docs).get(uri).map(|o| o.snap.clone())
    }

    /// Whether `snap` with `inputs` is still what its document holds.
    fn is_current(&self, snap: &Arc<Snapshot>, inputs: u64) -> bool {
        lock(&self.docs)
            .get(&snap.uri)
            .is_some_and(|o| Arc::ptr_eq(&o.snap, snap) && o.inputs == inputs)
    }

    /// Whether `snap` is still its document's newest text (its inputs may
    /// have changed).
    fn is_newest(&self, snap: &Arc<Snapshot>) -> bool {
        lock(&self.docs)
            .get(&snap.uri)
            .is_some_and(|o| Arc::ptr_eq(&o.snap, snap))
    }

    /// The config for a document: `nianbao.toml` from its folder or above,
    /// with the editor's rule settings underneath.
    fn config_for(&self, path: Option<&Path>) -> Arc<Config> {
        let file_config = match path.and_then(Path::parent) {
            None => None,
            Some(dir) => {
                let cached = lock(&self.configs).get(dir).cloned();
                match cached {
                    Some(c) => c,
                    None => {
                        let generation = self.configs_generation.load(Ordering::Acquire);
                        let found = match Config::discover(dir) {
                            Ok(c) => c.map(Arc::new),
                            Err(e) => {
                                self.message(
                                    "window/showMessage",
                                    MessageType::ERROR,
                                    format!("nianbao.toml 无法使用，已按默认规则检查：{e:#}"),
                                );
                                None
                            }
                        };
                        // Not if nianbao.toml changed while it was read: the
                        // recheck that follows reads it again.
                        let mut configs = lock(&self.configs);
                        if self.configs_generation.load(Ordering::Acquire) == generation {
                            configs.insert(dir.to_path_buf(), found.clone());
                        }
                        found
                    }
                }
            }
        };
        let settings = lock(&self.settings).clone();
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

    /// The check of `snap` with the current inputs, created (not yet run)
    /// if there is none; `None` when `snap` is no longer the newest.
    fn check_of(&self, snap: &Arc<Snapshot>) -> Option<Arc<Check>> {
        let mut docs = lock(&self.docs);
        let open = docs.get_mut(&snap.uri)?;
        if !Arc::ptr_eq(&open.snap, snap) {
            return None;
        }
        if let Some(c) = &open.check {
            if c.inputs == open.inputs {
                return Some(c.clone());
            }
        }
        let c = Arc::new(Check::new(snap.clone(), open.inputs));
        open.check = Some(c.clone());
        Some(c)
    }

    /// [`Shared::check_of`], queued for a check thread unless one has it.
    fn check_queued(&self, snap: &Arc<Snapshot>) -> Option<Arc<Check>> {
        let check = self.check_of(snap)?;
        if !check.claimed.load(Ordering::Acquire) {
            self.enqueue(&snap.uri);
        }
        Some(check)
    }

    /// The findings of `snap` if a check thread has them within `limit`,
    /// else none (for features useful without them). `tokens`: the
    /// semantic tokens answered without them are to be refreshed once the
    /// check ends. A request never runs a check itself.
    fn diagnostics_within(
        &self,
        snap: &Arc<Snapshot>,
        limit: Duration,
        tokens: bool,
    ) -> Arc<Vec<Diagnostic>> {
        let Some(check) = self.check_queued(snap) else {
            return Arc::default();
        };
        match check.wait(limit) {
            Outcome::Done(d) => d,
            Outcome::Running => {
                if tokens {
                    check.tokens_stale.store(true, Ordering::Relaxed);
                }
                Arc::default()
            }
            Outcome::Superseded => Arc::default(),
        }
    }

    /// Call `done` with the findings of `snap` once a check thread has them
    /// (on that thread, or here if they are known), or with `None` once
    /// `snap`'s text has moved on. A change of another input alone
    /// (`上年报告` edited in a split view) waits for the check that follows.
    fn when_checked(self: &Arc<Self>, snap: Arc<Snapshot>, done: Done) {
        let Some(check) = self.check_queued(&snap) else {
            return done(self, None);
        };
        let shared = self.clone();
        check.then(Box::new(move |outcome| match outcome {
            Outcome::Done(d) => done(&shared, Some(d)),
            _ if shared.is_newest(&snap) => shared.when_checked(snap, done),
            _ => done(&shared, None),
        }));
    }

    /// Note request `id` as running: `$/cancelRequest` sets the flag.
    fn track(&self, id: &RequestId) -> Arc<AtomicBool> {
        let cancelled = Arc::new(AtomicBool::new(false));
        lock(&self.running).insert(id.clone(), cancelled.clone());
        cancelled
    }

    /// Answer request `id` with `job` on a request thread; a request the
    /// client cancelled before it started is answered `RequestCancelled`.
    fn post<T: serde::Serialize>(
        self: &Arc<Self>,
        id: RequestId,
        cancelled: Arc<AtomicBool>,
        job: impl FnOnce(&Shared) -> Reply<T> + Send + 'static,
    ) {
        let shared = self.clone();
        let job = move || {
            let result = if cancelled.load(Ordering::Relaxed) {
                Err(reply_error(ErrorCode::RequestCanceled, "Request cancelled"))
            } else {
                // The whole job, not only the feature: a panic anywhere
                // must still answer and leave the thread serving.
                guarded(|| job(&shared)).and_then(|r| r).and_then(|v| {
                    serde_json::to_value(v)
                        .map_err(|e| reply_error(ErrorCode::InternalError, e.to_string()))
                })
            };
            lock(&shared.running).remove(&id);
            shared.respond(id, result);
        };
        let _ = self.jobs.send(Box::new(job));
    }

    /// The checker, exactly as `nianbao check` runs it; `None` when a newer
    /// version or input overtook it. A bug in a rule must not take the
    /// editor's server down: a panic becomes one diagnostic.
    fn run_check(&self, snap: &Arc<Snapshot>, inputs: u64) -> Option<Vec<Diagnostic>> {
        let loader = BufferLoader { shared: self };
        let cancelled = || !self.is_current(snap, inputs);
        guarded(|| {
            let config = self.config_for(snap.path.as_deref());
            if snap.path.as_deref().is_some_and(|p| config.is_excluded(p)) {
                return Some(Vec::new());
            }
            let previous = check::load_previous(&snap.doc, snap.path.as_deref(), &loader);
            let parts = check::load_parts(&snap.doc, snap.path.as_deref(), &loader);
            check::check_analysis(
                snap.analysis(),
                previous.as_ref(),
                parts.as_ref(),
                &config,
                &cancelled,
            )
        })
        .unwrap_or_else(|_| {
            let nb001 = crate::rules::by_code("NB001").expect("NB001 is registered");
            Some(vec![nb001.diag(
                0..0,
                "nianbao 内部错误：检查这份报告时出错，请把报告发给开发者（详情见语言服务器日志）",
            )])
        })
    }

    /// Queue a check of `uri` for the check threads (at most once).
    fn enqueue(&self, uri: &Uri) {
        if self.shut_down.load(Ordering::Relaxed) {
            return;
        }
        if lock(&self.queued).insert(uri.clone()) {
            let _ = self.checks.send(uri.clone());
        }
    }

    /// After a change: push clients get a check; pull clients ask for one.
    fn schedule(&self, uri: &Uri) {
        if !self.caps().pull {
            self.enqueue(uri);
        }
    }

    /// A check thread: check each queued document at its newest version,
    /// unless its check is already running or done elsewhere, and publish
    /// the result (push clients) while it is still the newest.
    fn check_loop(&self, queue: Receiver<Uri>) {
        for uri in queue {
            lock(&self.queued).remove(&uri);
            let Some(snap) = self.snapshot(&uri) else {
                continue;
            };
            let Some(check) = self.check_of(&snap) else {
                continue;
            };
            if !check.claim() {
                continue;
            }
            // run_check turns a panic into NB001, so the check always
            // ends: requests wait for it.
            let outcome = match self.run_check(&snap, check.inputs) {
                Some(d) => Outcome::Done(Arc::new(d)),
                None => Outcome::Superseded,
            };
            check.finish(outcome.clone());
            if let Outcome::Done(diags) = outcome {
                let _ = guarded(|| self.publish(&check, &diags));
                if check.tokens_stale.load(Ordering::Relaxed) && self.caps().tokens_refresh {
                    self.ask("workspace/semanticTokens/refresh", Value::Null);
                }
            }
        }
    }

    fn publish(&self, check: &Arc<Check>, diags: &[Diagnostic]) {
        if self.caps().pull {
            return;
        }
        let snap = &check.snap;
        let mut lsp = diagnostics::to_lsp(snap, diags);
        self.client_uris(Shared::related_uris(&snap.uri, &mut lsp));
        let params = PublishDiagnosticsParams::new(snap.uri.clone(), lsp, Some(snap.version));
        let note = transport::notification("textDocument/publishDiagnostics", params);
        // Queued under the lock: a newer version's result, or a close,
        // cannot be sent before this one.
        let docs = lock(&self.docs);
        let current = docs.get(&snap.uri).is_some_and(|o| {
            o.check.as_ref().is_some_and(|c| Arc::ptr_eq(c, check)) && o.inputs == check.inputs
        });
        if current
            && !self.shut_down.load(Ordering::Relaxed)
            && !check.published.swap(true, Ordering::Relaxed)
        {
            self.out.queue(note);
        }
        drop(docs);
        self.out.flush();
    }

    /// Other reports (related locations, last year's report) are named by a
    /// URI made from their path; when such a report is open, the client's
    /// own URI for it is used instead (`file:///c%3A/…` rather than
    /// `file:///C%3A/…`), so the client sees the document it has open.
    fn client_uris<'u>(&self, uris: impl IntoIterator<Item = &'u mut Uri>) {
        let uris: Vec<&mut Uri> = uris.into_iter().collect();
        if uris.is_empty() {
            return;
        }
        let open: HashMap<PathBuf, Uri> = lock(&self.docs)
            .iter()
            .filter_map(|(u, o)| Some((o.path.clone()?, u.clone())))
            .collect();
        for uri in uris {
            let path = super::uri::file_path(uri).map(|p| normalize(&p));
            if let Some(client) = path.and_then(|p| open.get(&p)) {
                *uri = client.clone();
            }
        }
    }

    /// The related locations' URIs in other reports, for [`Shared::client_uris`].
    fn related_uris<'u>(
        this: &'u Uri,
        lsp: &'u mut [super::types::Diagnostic],
    ) -> impl Iterator<Item = &'u mut Uri> {
        lsp.iter_mut()
            .flat_map(|d| d.related_information.iter_mut().flatten())
            .map(|r| &mut r.location.uri)
            .filter(move |u| **u != *this)
    }

    /// Forget the checks of documents whose inputs changed elsewhere (their
    /// own version did not move) and check them again: pushed, or for pull
    /// clients, asked to pull again.
    fn recheck(&self, uris: Vec<Uri>) {
        if uris.is_empty() {
            return;
        }
        let mut retired = Vec::new();
        {
            let mut docs = lock(&self.docs);
            for uri in &uris {
                if let Some(o) = docs.get_mut(uri) {
                    retired.extend(o.check.take());
                    o.inputs += 1;
                }
            }
        }
        // Not under the lock: retiring answers the requests waiting for it.
        for c in retired {
            c.retire();
        }
        let caps = self.caps();
        if caps.pull {
            if caps.pull_refresh {
                self.ask("workspace/diagnostic/refresh", Value::Null);
            }
        } else {
            for uri in &uris {
                self.schedule(uri);
            }
        }
    }

    /// The open reports that read `uri` (as `上年报告` or a part).
    fn dependents(&self, uri: &Uri) -> Vec<Uri> {
        let docs = lock(&self.docs);
        let path = docs
            .get(uri)
            .and_then(|o| o.path.clone())
            .or_else(|| super::uri::file_path(uri).map(|p| normalize(&p)));
        let Some(path) = path else {
            return Vec::new();
        };
        let mut out: Vec<Uri> = docs
            .iter()
            .filter(|(u, o)| {
                // A part named in a folder: `path` is in it.
                *u != uri
                    && o.reads
                        .iter()
                        .any(|r| path == *r || path.parent() == Some(r))
            })
            .map(|(u, _)| u.clone())
            .collect();
        out.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        out
    }

    fn refresh_all(&self) {
        let uris: Vec<Uri> = lock(&self.docs).keys().cloned().collect();
        self.recheck(uris);
        if self.caps().inlay_refresh {
            self.ask("workspace/inlayHint/refresh", Value::Null);
        }
    }
}

/// `上年报告` is read from the open buffer when the editor has it, from
/// disk otherwise.
struct BufferLoader<'a> {
    shared: &'a Shared,
}

impl BufferLoader<'_> {
    fn open(&self, path: &Path) -> Option<Arc<Snapshot>> {
        let want = normalize(path);
        let docs = lock(&self.shared.docs);
        docs.values()
            .find(|o| o.path.as_ref() == Some(&want))
            .map(|o| o.snap.clone())
    }
}

impl Loader for BufferLoader<'_> {
    fn load(&self, path: &Path) -> std::io::Result<String> {
        match self.open(path) {
            Some(snap) => Ok(snap.text().to_string()),
            None => check::DiskLoader.load(path),
        }
    }

    /// The open buffer's model and analysis as they are (the one its own
    /// check and requests use), else the file parsed and analysed once and
    /// kept while its size and modification time stay the same.
    fn analyzed(&self, path: &Path) -> std::io::Result<Arc<Analyzed>> {
        if let Some(snap) = self.open(path) {
            return Ok(snap.analyzed());
        }
        let key = normalize(path);
        let stamp = std::fs::metadata(path).map(|m| (m.len(), m.modified().ok()))?;
        if let Some((s, a)) = lock(&self.shared.files).get(&key) {
            if *s == stamp {
                return Ok(a.clone());
            }
        }
        let doc = Arc::new(Document::parse(&check::DiskLoader.load(path)?));
        let a = Arc::new(Analyzed::of(doc, None));
        let mut files = lock(&self.shared.files);
        // Reports read from disk are few (上年报告, parts); a bound keeps a
        // folder of parts that keeps changing from growing it for ever.
        if files.len() >= MAX_FILES_KEPT {
            files.clear();
        }
        files.insert(key, (stamp, a.clone()));
        Ok(a)
    }
}

/// When an editor opened a GBK or UTF-16 file as UTF-8 (its text then has
/// replacement characters, U+FFFD, where the bytes did not decode), what to
/// tell the user: the file on disk, what it is, and how to convert it.
/// Only then is the file read, once, at open.
fn misread(text: &str, path: Option<&Path>) -> Option<String> {
    let path = path.filter(|_| text.contains('\u{fffd}'))?;
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > check::MAX_PREVIOUS_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    match crate::encoding::decode(bytes) {
        Err(e @ (crate::encoding::NotText::Gbk(_) | crate::encoding::NotText::Utf16(_))) => {
            let shown = path.to_string_lossy();
            Some(format!(
                "{shown}：编辑器按 UTF-8 打开了此文件，中文会显示为乱码。此文件{}",
                e.message(Some(&shown))
            ))
        }
        _ => None,
    }
}

/// How many reports read from disk are kept parsed.
const MAX_FILES_KEPT: usize = 256;

/// Run a feature, turning a panic into the protocol's internal error so the
/// server keeps serving (the panic message goes to stderr, the client's log).
fn guarded<T>(f: impl FnOnce() -> T) -> Reply<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .map_err(|_| reply_error(ErrorCode::InternalError, "Internal error"))
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

#[derive(PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

/// Serve until `exit` or the end of input; the process's exit status (1 for
/// `exit` without `shutdown`, as the protocol says).
pub(crate) fn serve(incoming: impl IntoIterator<Item = Message>, out: Out) -> i32 {
    let (checks, queue) = crossbeam_channel::unbounded::<Uri>();
    let (jobs, job_queue) = crossbeam_channel::unbounded::<Job>();
    let shared = Arc::new(Shared {
        out,
        caps: OnceLock::new(),
        docs: Mutex::default(),
        files: Mutex::default(),
        configs: Mutex::default(),
        settings: Mutex::default(),
        queued: Mutex::default(),
        checks,
        shut_down: AtomicBool::new(false),
        configs_generation: AtomicU64::new(0),
        jobs,
        running: Mutex::default(),
        next_id: AtomicU64::new(1),
    });
    for _ in 0..CHECK_THREADS {
        let (shared, queue) = (shared.clone(), queue.clone());
        std::thread::spawn(move || shared.check_loop(queue));
    }
    for _ in 0..REQUEST_THREADS {
        let job_queue = job_queue.clone();
        std::thread::spawn(move || {
            for job in job_queue {
                job();
            }
        });
    }
    let mut main = MainLoop {
        shared,
        phase: Phase::Uninitialized,
    };
    for msg in incoming {
        match msg {
            Message::Request(req) => {
                let id = req.id.clone();
                if guarded(|| main.on_request(req)).is_err() {
                    main.respond(
                        id,
                        Err(reply_error(ErrorCode::InternalError, "Internal error")),
                    );
                }
            }
            Message::Notification(n) if n.method == "exit" => {
                return if main.phase == Phase::ShutDown { 0 } else { 1 };
            }
            Message::Notification(n) => {
                if main.phase == Phase::Running {
                    let method = n.method.clone();
                    if guarded(|| main.on_notification(n)).is_err() {
                        main.shared.message(
                            "window/logMessage",
                            MessageType::ERROR,
                            format!("处理 {method} 时出错"),
                        );
                    }
                }
            }
            // Answers to the server's own requests (registrations,
            // refreshes): nothing waits for them.
            Message::Response(_) => {}
        }
    }
    // The client closed its output without `exit`.
    1
}

struct MainLoop {
    shared: Arc<Shared>,
    phase: Phase,
}

type Job = Box<dyn FnOnce() + Send>;

/// A request's params, or the protocol's answer to unusable ones.
fn params<P: DeserializeOwned>(req: &Request) -> Reply<P> {
    serde_json::from_value(req.params.clone())
        .map_err(|e| reply_error(ErrorCode::InvalidParams, format!("Invalid params: {e}")))
}

/// A feature answering for one snapshot, on a request thread.
type Handler<P, T> = fn(&Shared, &Arc<Snapshot>, P) -> Reply<T>;

/// A feature answering with the snapshot's findings (`None`: its text
/// moved on before they were known).
type CheckedHandler<P, T> =
    fn(&Shared, &Arc<Snapshot>, P, Option<Arc<Vec<Diagnostic>>>) -> Reply<T>;

impl MainLoop {
    fn respond(&self, id: RequestId, result: Reply<Value>) {
        self.shared.respond(id, result);
    }

    fn on_request(&mut self, req: Request) {
        match (&self.phase, req.method.as_str()) {
            (Phase::Uninitialized, "initialize") => {
                let result = params::<InitializeParams>(&req).map(|p| self.initialize(p));
                self.respond(req.id, result);
            }
            (Phase::Uninitialized, _) => {
                let e = reply_error(ErrorCode::ServerNotInitialized, "Server not initialized");
                self.respond(req.id, Err(e));
            }
            (Phase::ShutDown, _) => {
                let e = reply_error(ErrorCode::InvalidRequest, "Invalid request: shut down");
                self.respond(req.id, Err(e));
            }
            (Phase::Running, "initialize") => {
                let e = reply_error(ErrorCode::InvalidRequest, "Invalid request: initialized");
                self.respond(req.id, Err(e));
            }
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                self.shared.shut_down.store(true, Ordering::Relaxed);
                self.respond(req.id, Ok(Value::Null));
            }
            (Phase::Running, method) => self.dispatch(method.to_string(), req),
        }
    }

    fn dispatch(&mut self, method: String, req: Request) {
        use request::*;
        match method.as_str() {
            DocumentDiagnosticRequest::METHOD => self.on_checked::<DocumentDiagnosticParams, _>(
                req,
                |p| &p.text_document.uri,
                pull_diagnostics,
            ),
            HoverRequest::METHOD => self.on::<HoverParams, _>(
                req,
                |p| &p.text_document_position_params.text_document.uri,
                |shared, snap, p| {
                    let diags = shared.diagnostics_within(snap, BRIEF_WAIT, false);
                    let at = snap.offset(p.text_document_position_params.position);
                    guarded(|| hover::hover(snap, &diags, at))
                },
            ),
            Completion::METHOD => self.on::<CompletionParams, _>(
                req,
                |p| &p.text_document_position.text_document.uri,
                |shared, snap, p| {
                    let at = snap.offset(p.text_document_position.position);
                    let items = guarded(|| completion::complete(snap, at, shared.caps().snippets))?;
                    Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
                },
            ),
            CodeActionRequest::METHOD => self.on_checked::<CodeActionParams, _>(
                req,
                |p| &p.text_document.uri,
                |shared, snap, p, diags| {
                    let Some(diags) = diags else {
                        // The text changed meanwhile: its fixes would not apply.
                        return Ok(Some(Vec::new()));
                    };
                    let range = snap.span(p.range);
                    let only = p.context.only.as_deref();
                    let defer = shared.caps().resolve_edit;
                    guarded(|| Some(actions::code_actions(snap, &diags, range, only, defer)))
                },
            ),
            CodeActionResolveRequest::METHOD => self.resolve_code_action(req),
            Formatting::METHOD => self.on::<DocumentFormattingParams, _>(
                req,
                |p| &p.text_document.uri,
                |_, snap, _| guarded(|| Some(formatting::format(snap, None))),
            ),
            RangeFormatting::METHOD => self.on::<DocumentRangeFormattingParams, _>(
                req,
                |p| &p.text_document.uri,
                |_, snap, p| guarded(|| Some(formatting::format(snap, Some(snap.span(p.range))))),
            ),
            DocumentSymbolRequest::METHOD => self.on::<DocumentSymbolParams, _>(
                req,
                |p| &p.text_document.uri,
                |_, snap, _| {
                    guarded(|| {
                        Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
                            snap,
                        )))
                    })
                },
            ),
            FoldingRangeRequest::METHOD => self.on::<FoldingRangeParams, _>(
                req,
                |p| &p.text_document.uri,
                |_, snap, _| guarded(|| Some(folding::folding_ranges(snap))),
            ),
            SemanticTokensFullRequest::METHOD => self.on::<SemanticTokensParams, _>(
                req,
                |p| &p.text_document.uri,
                |shared, snap, _| {
                    let diags = shared.diagnostics_within(snap, BRIEF_WAIT, true);
                    guarded(|| {
                        Some(SemanticTokensResult::Tokens(SemanticTokens {
                            result_id: None,
                            data: semantic::tokens(snap, &diags),
                        }))
                    })
                },
            ),
            InlayHintRequest::METHOD => self.on::<InlayHintParams, _>(
                req,
                |p| &p.text_document.uri,
                |shared, snap, p| {
                    if !lock(&shared.settings).inlay_hints {
                        return Ok(Some(Vec::new()));
                    }
                    guarded(|| Some(inlay::inlay_hints(snap, snap.span(p.range))))
                },
            ),
            GotoDefinition::METHOD => self.on::<GotoDefinitionParams, _>(
                req,
                |p| &p.text_document_position_params.text_document.uri,
                |shared, snap, p| {
                    let at = snap.offset(p.text_document_position_params.position);
                    guarded(|| {
                        let mut location = definition::definition(snap, at)?;
                        // Last year's report as the client spells it, when open.
                        shared.client_uris([&mut location.uri]);
                        Some(GotoDefinitionResponse::Scalar(location))
                    })
                },
            ),
            _ => {
                let e = reply_error(
                    ErrorCode::MethodNotFound,
                    format!("Method not found: {method}"),
                );
                self.respond(req.id, Err(e));
            }
        }
    }

    /// Answer `req` on a request thread with `handler`, for the snapshot of
    /// the document `uri` names as it is now (later edits do not move the
    /// positions the request speaks of).
    fn on<P, T>(&self, req: Request, uri: fn(&P) -> &Uri, handler: Handler<P, T>)
    where
        P: DeserializeOwned + Send + 'static,
        T: serde::Serialize + 'static,
    {
        let Some((p, snap)) = self.params_and_snapshot(&req, uri) else {
            return;
        };
        self.spawn(req.id, move |shared| handler(shared, &snap, p));
    }

    /// The request's params and the snapshot, as it is now, of the document
    /// they name; or `None` after answering with the protocol's error (bad
    /// params, a document never opened).
    fn params_and_snapshot<P: DeserializeOwned>(
        &self,
        req: &Request,
        uri: fn(&P) -> &Uri,
    ) -> Option<(P, Arc<Snapshot>)> {
        let p = match params::<P>(req) {
            Ok(p) => p,
            Err(e) => {
                self.respond(req.id.clone(), Err(e));
                return None;
            }
        };
        let Some(snap) = self.shared.snapshot(uri(&p)) else {
            let e = reply_error(
                ErrorCode::InvalidParams,
                format!("文档未打开：{}", uri(&p).as_str()),
            );
            self.respond(req.id.clone(), Err(e));
            return None;
        };
        Some((p, snap))
    }

    /// Run `job` on a request thread and send its answer.
    fn spawn<T: serde::Serialize>(
        &self,
        id: RequestId,
        job: impl FnOnce(&Shared) -> Reply<T> + Send + 'static,
    ) {
        let cancelled = self.shared.track(&id);
        self.shared.post(id, cancelled, job);
    }

    /// Answer `req` with `handler` once the check of the snapshot `uri`
    /// names is known (its findings, or `None` when the text moved on),
    /// without holding a request thread while the check runs.
    fn on_checked<P, T>(&self, req: Request, uri: fn(&P) -> &Uri, handler: CheckedHandler<P, T>)
    where
        P: DeserializeOwned + Send + 'static,
        T: serde::Serialize + 'static,
    {
        let Some((p, snap)) = self.params_and_snapshot(&req, uri) else {
            return;
        };
        self.when_checked(req.id, snap, move |shared, snap, diags| {
            handler(shared, snap, p, diags)
        });
    }

    /// Answer request `id` with `job` on a request thread once the findings
    /// of `snap` are known (`None`: its text moved on first).
    fn when_checked<T: serde::Serialize>(
        &self,
        id: RequestId,
        snap: Arc<Snapshot>,
        job: impl FnOnce(&Shared, &Arc<Snapshot>, Option<Arc<Vec<Diagnostic>>>) -> Reply<T>
            + Send
            + 'static,
    ) {
        let cancelled = self.shared.track(&id);
        let snap2 = snap.clone();
        self.shared.when_checked(
            snap,
            Box::new(move |shared, diags| {
                shared.post(id, cancelled, move |shared| job(shared, &snap2, diags))
            }),
        );
    }

    /// `codeAction/resolve`: the edit of a fix-all offered without it, for
    /// the snapshot it was offered for (`ContentModified` once the text has
    /// moved on: its edit would no longer apply).
    fn resolve_code_action(&self, req: Request) {
        let action = match params::<CodeAction>(&req) {
            Ok(a) => a,
            Err(e) => return self.respond(req.id, Err(e)),
        };
        let Some((uri, id)) = actions::deferred_fix_all(&action) else {
            // Not one of ours to resolve: as it is.
            return self.spawn(req.id, move |_| Ok(action));
        };
        let modified = || reply_error(ErrorCode::ContentModified, "文档已修改，请重新获取代码操作");
        let Some(snap) = self.shared.snapshot(&uri).filter(|s| s.id == id) else {
            return self.respond(req.id, Err(modified()));
        };
        self.when_checked(req.id, snap, move |_, snap, diags| match diags {
            Some(diags) => Ok(actions::fix_all(snap, &diags)),
            None => Err(modified()),
        });
    }

    fn initialize(&mut self, params: InitializeParams) -> Value {
        let caps = client_caps(&params);
        let _ = self.shared.caps.set(caps);
        if let Some(s) = params
            .initialization_options
            .as_ref()
            .and_then(Settings::from_json)
        {
            *lock(&self.shared.settings) = s;
        }
        self.phase = Phase::Running;
        let result = InitializeResult {
            capabilities: capabilities(&caps),
            server_info: Some(ServerInfo {
                name: "nianbao".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        };
        serde_json::to_value(result).expect("the initialize result serializes")
    }

    fn on_notification(&mut self, n: Notification) {
        use notification::*;
        fn p<P: DeserializeOwned>(n: lsp_server::Notification) -> Option<P> {
            // A notification with bad params has nobody to answer to.
            serde_json::from_value(n.params).ok()
        }
        let method = n.method.clone();
        match method.as_str() {
            Initialized::METHOD => self.initialized(),
            DidOpenTextDocument::METHOD => {
                if let Some(p) = p::<DidOpenTextDocumentParams>(n) {
                    self.did_open(p)
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = p::<DidChangeTextDocumentParams>(n) {
                    self.did_change(p)
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = p::<DidCloseTextDocumentParams>(n) {
                    self.did_close(p)
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Some(p) = p::<DidChangeConfigurationParams>(n) {
                    if let Some(s) = Settings::from_json(&p.settings) {
                        *lock(&self.shared.settings) = s;
                    }
                    self.shared.refresh_all();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(p) = p::<DidChangeWatchedFilesParams>(n) {
                    self.did_change_watched_files(p)
                }
            }
            Cancel::METHOD => {
                if let Some(p) = p::<CancelParams>(n) {
                    let id: RequestId = match p.id {
                        NumberOrString::Number(n) => n.into(),
                        NumberOrString::String(s) => s.into(),
                    };
                    if let Some(flag) = lock(&self.shared.running).get(&id) {
                        flag.store(true, Ordering::Relaxed);
                    }
                }
            }
            // didSave and the rest: nothing to do.
            _ => {}
        }
    }

    fn initialized(&self) {
        if !self.shared.caps().watch_files {
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
        self.shared.ask(
            "client/registerCapability",
            RegistrationParams {
                registrations: vec![registration],
            },
        );
    }

    /// After `uri` changed: check it, and the open reports that read it.
    fn changed(&self, uri: &Uri) {
        self.shared.schedule(uri);
        let dependents = self.shared.dependents(uri);
        self.shared.recheck(dependents);
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let encoding = self.shared.caps().encoding;
        let snap = Snapshot::open(d.uri.clone(), &d.text, d.version, encoding);
        if let Some(message) = misread(&d.text, snap.path.as_deref()) {
            self.shared
                .message("window/showMessage", MessageType::WARNING, message);
        }
        // Built outside the lock: nothing that can panic runs under it.
        let open = Open::new(Arc::new(snap));
        let old = lock(&self.shared.docs).insert(d.uri.clone(), open);
        // Not under the lock: retiring answers the requests waiting for it.
        if let Some(c) = old.and_then(|o| o.check) {
            c.retire();
        }
        self.changed(&d.uri);
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(old) = self.shared.snapshot(&uri) else {
            return self.warn("忽略对未打开文档的修改", &uri);
        };
        let version = params.text_document.version;
        // Parsed outside the lock: requests keep reading the old snapshot.
        let Ok(next) = guarded(|| old.apply(version, params.content_changes)) else {
            // Keep the last good text rather than die; reopening the file
            // resynchronises it.
            return self.warn("应用修改时出错，请关闭并重新打开该文件", &uri);
        };
        let next = Open::new(Arc::new(next));
        let old = match lock(&self.shared.docs).get_mut(&uri) {
            Some(open) => std::mem::replace(open, next),
            None => return,
        };
        // Not under the lock: retiring answers the requests waiting for it.
        if let Some(c) = old.check {
            c.retire();
        }
        self.changed(&uri);
    }

    fn warn(&self, problem: &str, uri: &Uri) {
        self.shared.message(
            "window/logMessage",
            MessageType::WARNING,
            format!("{problem}：{}", uri.as_str()),
        );
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        // Reports that read this one now read it from disk.
        let dependents = self.shared.dependents(&uri);
        let removed = lock(&self.shared.docs).remove(&uri);
        if let Some(c) = removed.as_ref().and_then(|o| o.check.as_ref()) {
            c.retire();
        }
        if removed.is_some() && !self.shared.caps().pull {
            let params = PublishDiagnosticsParams::new(uri.clone(), vec![], None);
            self.shared
                .notify("textDocument/publishDiagnostics", params);
        }
        self.shared.recheck(dependents);
    }

    fn did_change_watched_files(&mut self, params: DidChangeWatchedFilesParams) {
        let config_changed = params
            .changes
            .iter()
            .any(|c| c.uri.as_str().ends_with("/nianbao.toml"));
        if config_changed {
            {
                let mut configs = lock(&self.shared.configs);
                configs.clear();
                self.shared
                    .configs_generation
                    .fetch_add(1, Ordering::AcqRel);
            }
            self.shared.refresh_all();
            return;
        }
        // Reports read from disk are parsed again next time.
        {
            let mut files = lock(&self.shared.files);
            for change in &params.changes {
                if let Some(p) = super::uri::file_path(&change.uri) {
                    files.remove(&normalize(&p));
                }
            }
        }
        // A report changed on disk: re-check the open reports that read it
        // (an open report is read from its buffer, so its own change is
        // already known).
        let mut dependents = Vec::new();
        for change in params.changes {
            if self.shared.snapshot(&change.uri).is_none() {
                dependents.extend(self.shared.dependents(&change.uri));
            }
        }
        dependents.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        dependents.dedup();
        self.shared.recheck(dependents);
    }
}

/// `textDocument/diagnostic`: the check of the version the client pulls
/// for; if a newer edit overtakes it, `ServerCancelled` asks the client to
/// pull again rather than showing an empty or outdated report.
fn pull_diagnostics(
    shared: &Shared,
    snap: &Arc<Snapshot>,
    _: DocumentDiagnosticParams,
    diags: Option<Arc<Vec<Diagnostic>>>,
) -> Reply<DocumentDiagnosticReportResult> {
    let Some(diags) = diags else {
        return Err(ResponseError {
            code: ErrorCode::ServerCancelled as i32,
            message: "文档已修改，请重新获取诊断".into(),
            data: Some(serde_json::json!({"retriggerRequest": true})),
        });
    };
    let mut items = diagnostics::to_lsp(snap, &diags);
    shared.client_uris(Shared::related_uris(&snap.uri, &mut items));
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}

fn capabilities(caps: &ClientCaps) -> ServerCapabilities {
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
            resolve_provider: Some(caps.resolve_edit),
            ..Default::default()
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_range_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..Default::default()
            },
        )),
        inlay_hint_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
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
        resolve_edit: text
            .and_then(|t| t.code_action.as_ref())
            .and_then(|a| a.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        tokens_refresh: workspace
            .and_then(|w| w.semantic_tokens.as_ref())
            .and_then(|t| t.refresh_support)
            .unwrap_or(false),
    }
}

--- nianbao for Neovim: the language server (`nianbao lsp`), the tree-sitter
--- parser built from the repository's grammar/, highlighting and folding.
local M = {}

local uv = vim.uv or vim.loop

-- editors/nvim/, found from this file so the plugin works wherever it lives.
local plugin_root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')

local defaults = {
  -- The server; a full path when `nianbao` is not on PATH.
  cmd = { 'nianbao', 'lsp' },
  -- A report's project root: where `nianbao.toml` is (its rules apply).
  root_markers = { 'nianbao.toml', '.git' },
  -- Server settings: `{ rules = { NB402 = 'off' }, inlayHints = true }`.
  -- `nianbao.toml` wins over them.
  init_options = vim.empty_dict(),
  -- Show the server's inlay hints (the computed sum beside a wrong total).
  inlay_hints = true,
  -- grammar/ of a nianbao checkout, for :NianbaoBuildParser. Default: the
  -- one next to this plugin (editors/nvim/../../grammar).
  grammar_dir = nil,
  -- Start the server with vim.lsp.start from a FileType autocmd, as
  -- Neovim 0.10 needs, even where vim.lsp.enable exists.
  lsp_start = false,
}

M.options = vim.deepcopy(defaults)

local function on_attach(client, buf)
  if M.options.inlay_hints and vim.lsp.inlay_hint and client.server_capabilities.inlayHintProvider then
    vim.lsp.inlay_hint.enable(true, { bufnr = buf })
  end
end

--- The client configuration, in the shape `vim.lsp.config` takes.
function M.lsp_config()
  local o = M.options
  return {
    cmd = o.cmd,
    filetypes = { 'nianbao' },
    root_markers = o.root_markers,
    init_options = o.init_options,
    on_attach = on_attach,
  }
end

--- Start (or reuse) the server for `buf` with vim.lsp.start (Neovim 0.10).
function M.start(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local cfg = M.lsp_config()
  local file = vim.api.nvim_buf_get_name(buf)
  cfg.name = 'nianbao'
  cfg.root_dir = vim.fs.root(buf, cfg.root_markers) or (file ~= '' and vim.fs.dirname(file)) or uv.cwd()
  cfg.root_markers, cfg.filetypes = nil, nil
  return vim.lsp.start(cfg, { bufnr = buf })
end

--- Options (see `defaults` above), then start the server for every report:
--- with vim.lsp.config/vim.lsp.enable on 0.11+, with vim.lsp.start on 0.10.
function M.setup(opts)
  opts = opts or {}
  -- Lists are replaced, not merged index by index.
  local merged = vim.tbl_deep_extend('force', M.options, opts)
  for _, k in ipairs({ 'cmd', 'root_markers' }) do
    if opts[k] then
      merged[k] = opts[k]
    end
  end
  M.options = merged

  if vim.lsp.enable and not M.options.lsp_start then
    vim.lsp.config('nianbao', M.lsp_config())
    vim.lsp.enable('nianbao')
    return
  end
  local group = vim.api.nvim_create_augroup('nianbao_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'nianbao',
    callback = function(args)
      M.start(args.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'nianbao' then
      M.start(buf)
    end
  end
end

--- Where :NianbaoBuildParser writes the parser: parser/ on this plugin's
--- runtimepath, where vim.treesitter finds it by the language's name.
function M.parser_path()
  return plugin_root .. '/parser/nianbao.so'
end

--- Highlighting and folding from the tree-sitter parser, when it is built.
--- Returns false (and changes nothing) without one.
function M.attach_treesitter(buf)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local ok, added = pcall(vim.treesitter.language.add, 'nianbao')
  if not ok or not added then
    return false
  end
  -- Loaded for the session: a rebuilt parser takes effect after a restart.
  M._parser_loaded = true
  if not pcall(vim.treesitter.start, buf, 'nianbao') then
    return false
  end
  for _, win in ipairs(vim.fn.win_findbuf(buf)) do
    vim.wo[win][0].foldmethod = 'expr'
    vim.wo[win][0].foldexpr = 'v:lua.vim.treesitter.foldexpr()'
  end
  return true
end

local function compiler()
  -- $CC first; ipairs would stop at a nil one, so it is prepended only if set.
  local candidates = { 'cc', 'gcc', 'clang', 'zig' }
  if vim.env.CC and vim.env.CC ~= '' then
    table.insert(candidates, 1, vim.env.CC)
  end
  for _, cc in ipairs(candidates) do
    if vim.fn.executable(cc) == 1 then
      return cc
    end
  end
end

--- Compile grammar/src/parser.c and scanner.c into parser/nianbao.so, then
--- highlight the open reports with it. Returns the path, or nil and why.
function M.build_parser(grammar_dir)
  grammar_dir = grammar_dir or M.options.grammar_dir or (plugin_root .. '/../../grammar')
  local src = vim.fs.normalize(vim.fn.fnamemodify(vim.fn.expand(grammar_dir), ':p')):gsub('/$', '') .. '/src'
  if not uv.fs_stat(src .. '/parser.c') then
    return nil,
      ('找不到 %s/parser.c。请给出 nianbao 源码中的 grammar 目录，例如 :NianbaoBuildParser ~/nianbao/grammar'):format(src)
  end
  local cc = compiler()
  if not cc then
    return nil, '找不到 C 编译器（cc、gcc、clang 或 zig）。请先安装一个，或用环境变量 CC 指定。'
  end
  local out = M.parser_path()
  vim.fn.mkdir(vim.fs.dirname(out), 'p')
  -- Build beside the target and rename: a parser this Neovim has already
  -- loaded must not be overwritten in place. The name must not match
  -- parser/nianbao.*, which Neovim would load as the parser.
  local tmp = ('%s/.build-%d.tmp'):format(vim.fs.dirname(out), uv.os_getpid())
  local args = { cc }
  if cc == 'zig' then
    table.insert(args, 'cc')
  end
  vim.list_extend(args, { '-o', tmp, '-shared', '-O2', '-I', src, src .. '/parser.c', src .. '/scanner.c' })
  if vim.fn.has('win32') == 0 then
    table.insert(args, '-fPIC')
  end
  local res = vim.system(args, { text = true }):wait()
  if res.code ~= 0 then
    os.remove(tmp)
    return nil, ('编译失败（%s）：\n%s'):format(table.concat(args, ' '), res.stderr or '')
  end
  local was_loaded = M._parser_loaded
  if vim.fn.has('win32') == 1 then
    os.remove(out)
  end
  local ok, err = os.rename(tmp, out)
  if not ok then
    os.remove(tmp)
    return nil, ('无法写入 %s：%s'):format(out, err)
  end
  if was_loaded then
    return out, '已编译；本次会话已加载旧版解析器，重启 Neovim 后生效。'
  end
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'nianbao' then
      M.attach_treesitter(buf)
    end
  end
  return out
end

return M

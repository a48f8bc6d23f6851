-- Configuration for Neovim 0.11+: `vim.lsp.enable('nianbao')` picks this
-- file up from the runtimepath. Override any field with
-- `vim.lsp.config('nianbao', { ... })`, e.g. `cmd` or `init_options`
-- (`{ rules = { NB402 = 'off' }, inlayHints = true }`).
return require('nianbao').lsp_config()

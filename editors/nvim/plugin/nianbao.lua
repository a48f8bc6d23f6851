-- Loaded once at startup: the parser's language and the build command.
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = 1

-- The parser (parser/nianbao.so on the runtimepath) serves the filetype of
-- the same name; said explicitly so that a renamed filetype still works.
vim.treesitter.language.register('nianbao', { 'nianbao' })

vim.api.nvim_create_user_command('NianbaoBuildParser', function(cmd)
  local out, msg = require('nianbao').build_parser(cmd.args ~= '' and cmd.args or nil)
  if not out then
    vim.notify('nianbao：' .. msg, vim.log.levels.ERROR)
  else
    vim.notify(('nianbao：语法解析器已编译到 %s%s'):format(out, msg and ('。' .. msg) or ''), vim.log.levels.INFO)
  end
end, {
  nargs = '?',
  complete = 'dir',
  desc = '从 nianbao 源码的 grammar/ 目录编译 tree-sitter 语法解析器',
})

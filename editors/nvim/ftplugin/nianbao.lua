-- Buffer settings for reports: HTML comments, tree-sitter highlighting and
-- folding (front matter, tables, comments) when the parser is built.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.opt_local.commentstring = '<!-- %s -->'
-- Spell checking (when the user turns it on) skips Chinese text.
vim.opt_local.spelllang:append('cjk')

local undo = 'setlocal commentstring< spelllang<'
if require('nianbao').attach_treesitter(0) then
  -- Reports open unfolded unless the user chose a 'foldlevelstart'.
  if vim.o.foldlevelstart < 0 then
    vim.opt_local.foldlevel = 99
  end
  undo = undo .. ' foldmethod< foldexpr< foldlevel< | lua vim.treesitter.stop()'
else
  vim.notify_once(
    'nianbao：尚未编译语法解析器，暂无语法高亮与折叠。运行 :NianbaoBuildParser 编译（需要 C 编译器）。',
    vim.log.levels.INFO
  )
end
vim.b.undo_ftplugin = undo

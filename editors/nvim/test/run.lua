-- Headless test of editors/nvim in a real Neovim 0.11, run by
-- scripts/test-nvim.sh:
--   nvim --headless --clean --cmd 'set rtp^=editors/nvim' -S editors/nvim/test/run.lua
-- Environment: NIANBAO_ROOT (the repository), NIANBAO_BIN (the server),
-- NIANBAO_NVIM_MODE: `enable` (lsp/nianbao.lua with vim.lsp.enable, and the
-- parser built by :NianbaoBuildParser) or `start` (require('nianbao').setup
-- with vim.lsp.start, the Neovim 0.10 path).
--
-- Everything is compared with what the CLI and the repository say
-- (`nianbao check --format json`, `nianbao new`, knowledge/labels.toml),
-- not with numbers written here. The test runs as a coroutine resumed from
-- the event loop, so that keys fed to Neovim (completion) really execute.

local uv = vim.uv
local root = assert(os.getenv('NIANBAO_ROOT'), 'NIANBAO_ROOT is not set')
local bin = assert(os.getenv('NIANBAO_BIN'), 'NIANBAO_BIN is not set')
local mode = os.getenv('NIANBAO_NVIM_MODE') or 'enable'
local example = root .. '/examples/gongnong-2021.nianbao'
local plugin = root .. '/editors/nvim'

local failures = {}
local function log(...)
  io.stdout:write(table.concat({ ... }, ' ') .. '\n')
end

-- Yield to the event loop until `pred()` holds or `ms` pass.
local function wait_for(pred, ms)
  local co = coroutine.running()
  local deadline = uv.now() + ms
  local timer = assert(uv.new_timer())
  timer:start(
    10,
    25,
    vim.schedule_wrap(function()
      if timer:is_closing() then
        return
      end
      local ok, done = pcall(pred)
      if (ok and done) or uv.now() > deadline then
        timer:stop()
        timer:close()
        coroutine.resume(co)
      end
    end)
  )
  coroutine.yield()
  local ok, done = pcall(pred)
  return ok and done
end

local function run(cmd)
  local res = vim.system(cmd, { text = true }):wait()
  return res.stdout, res
end

local function lines_of(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

-- The first line (0-based) starting with `prefix`, and the byte column of
-- `needle` in it.
local function find(buf, prefix, needle)
  for i, line in ipairs(lines_of(buf)) do
    if vim.startswith(line, prefix) then
      local col = needle and line:find(needle, 1, true) or 1
      return i - 1, col - 1
    end
  end
  error('no line starts with ' .. prefix)
end

local function client_for(buf)
  local c
  wait_for(function()
    c = vim.lsp.get_clients({ bufnr = buf, name = 'nianbao' })[1]
    return c ~= nil and c.initialized
  end, 15000)
  assert(c, 'the nianbao language server did not attach to ' .. vim.api.nvim_buf_get_name(buf))
  return c
end

-- ---------------------------------------------------------------- steps --

local steps = {}
local function step(name, fn)
  steps[#steps + 1] = { name = name, fn = fn }
end

local state = {}

step('the plugin is loaded from the runtimepath', function()
  assert(vim.g.loaded_nianbao == 1, 'plugin/nianbao.lua was not sourced')
  assert(vim.fn.exists(':NianbaoBuildParser') == 2, ':NianbaoBuildParser is missing')
end)

if mode == 'enable' then
  step(':NianbaoBuildParser builds parser/nianbao.so from grammar/', function()
    local out = plugin .. '/parser/nianbao.so'
    assert(not uv.fs_stat(out), 'the test script should remove ' .. out .. ' first')
    vim.cmd('NianbaoBuildParser')
    assert(uv.fs_stat(out), 'no parser at ' .. out)
    assert(vim.treesitter.language.add('nianbao'), 'the built parser does not load')
  end)

  step('lsp/nianbao.lua configures vim.lsp.enable', function()
    vim.lsp.config('nianbao', { cmd = { bin, 'lsp' } })
    local cfg = vim.lsp.config.nianbao
    assert(vim.deep_equal(cfg.filetypes, { 'nianbao' }), 'filetypes: ' .. vim.inspect(cfg.filetypes))
    assert(vim.tbl_contains(cfg.root_markers, 'nianbao.toml'), 'root_markers: ' .. vim.inspect(cfg.root_markers))
    vim.lsp.enable('nianbao')
  end)
else
  step("require('nianbao').setup() starts the server with vim.lsp.start", function()
    require('nianbao').setup({ cmd = { bin, 'lsp' }, lsp_start = true })
    assert(not vim.lsp.is_enabled or not vim.lsp.is_enabled('nianbao'), 'setup used vim.lsp.enable')
  end)
end

step('the example opens as a nianbao buffer with the server attached', function()
  vim.cmd.edit(vim.fn.fnameescape(example))
  state.buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[state.buf].filetype == 'nianbao', 'filetype is ' .. vim.bo[state.buf].filetype)
  state.client = client_for(state.buf)
  if mode == 'start' then
    assert(
      state.client.config.root_dir == vim.fs.dirname(example) or state.client.config.root_dir == root,
      'root_dir ' .. tostring(state.client.config.root_dir)
    )
  end
end)

local severities = { error = 1, warning = 2, info = 3, hint = 4 }

step('diagnostics are the ones `nianbao check --format json` prints', function()
  local out = run({ bin, 'check', '--format', 'json', example })
  local want = {}
  for _, d in ipairs(vim.json.decode(out)) do
    want[#want + 1] = {
      code = d.code,
      severity = severities[d.severity],
      message = d.message,
      range = { d.line, d.column, d.end_line, d.end_column },
    }
  end
  assert(#want > 0, 'the CLI found nothing in the example')

  local buf = state.buf
  wait_for(function()
    return #vim.diagnostic.get(buf) >= #want
  end, 20000)
  local lines = lines_of(buf)
  -- Neovim keeps 0-based byte columns; the CLI counts characters from 1.
  local function chars(lnum, col)
    return vim.fn.strchars((lines[lnum + 1] or ''):sub(1, col)) + 1
  end
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    got[#got + 1] = {
      code = d.code,
      severity = d.severity,
      message = d.message,
      range = { d.lnum + 1, chars(d.lnum, d.col), d.end_lnum + 1, chars(d.end_lnum, d.end_col) },
    }
  end
  local function key(d)
    return ('%s %d:%d-%d:%d %s'):format(d.code, d.range[1], d.range[2], d.range[3], d.range[4], d.severity)
  end
  local function sorted(list)
    table.sort(list, function(a, b)
      return key(a) < key(b)
    end)
    return list
  end
  sorted(want)
  sorted(got)
  if not vim.deep_equal(want, got) then
    error(('editor and CLI disagree\n  CLI:    %s\n  editor: %s'):format(
      table.concat(vim.tbl_map(key, want), ', '),
      table.concat(vim.tbl_map(key, got), ', ')
    ))
  end
  log(('    %d diagnostics: %s'):format(#got, table.concat(vim.tbl_map(key, got), ', ')))
end)

if mode == 'start' then
  step('the parser built by the first run is found on the runtimepath', function()
    assert(vim.treesitter.highlighter.active[state.buf], 'no tree-sitter highlighting in the report')
  end)
end

if mode == 'enable' then
  -- The statute text of a 表三 row, from the knowledge base the server reads.
  local function statute_of(label)
    local f = assert(io.open(root .. '/server/knowledge/labels.toml'))
    local text = f:read('*a')
    f:close()
    local found = {}
    -- Split at every `[[label]]` line (a match must not consume the next
    -- block's header, or every other block would be skipped).
    local blocks, from = {}, 1
    while true do
      local s = text:find('\n[[label]]', from, true)
      blocks[#blocks + 1] = text:sub(from, (s or #text + 1) - 1)
      if not s then break end
      from = s + 1
    end
    for _, block in ipairs(blocks) do
      if block:find('\nlabel = "' .. label .. '"', 1, true) and block:find('\nkind = "row"', 1, true) then
        local statute = block:match('\nstatute = "(.-)"\n')
        if statute and statute ~= '' then
          found[#found + 1] = statute
        end
      end
    end
    assert(#found > 0, 'labels.toml has no statute for ' .. label)
    return found
  end

  step('hover on a （三）不予公开 row label shows the statute text', function()
    local label = '1.属于国家秘密'
    local row, col = find(state.buf, '| ' .. label, label)
    vim.api.nvim_win_set_cursor(0, { row + 1, col })
    vim.lsp.buf.hover()
    local float
    wait_for(function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then
          float = win
          return true
        end
      end
    end, 10000)
    assert(float, 'no hover window opened')
    local shown = table.concat(lines_of(vim.api.nvim_win_get_buf(float)), '\n')
    vim.api.nvim_win_close(float, true)
    local ok = false
    for _, statute in ipairs(statute_of(label)) do
      ok = ok or shown:find(statute, 1, true) ~= nil
    end
    assert(ok, 'the hover does not quote the statute; it shows:\n' .. shown)
  end)

  step('inlay hints are on and show the computed total', function()
    local buf = state.buf
    assert(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), 'inlay hints are not enabled')
    local want = vim.json.decode((run({ bin, 'check', '--format', 'json', example })))
    local line
    for _, d in ipairs(want) do
      if d.code == 'NB302' then
        line = d.line - 1
      end
    end
    assert(line, 'the CLI reports no wrong total (NB302)')
    local hints = {}
    wait_for(function()
      hints = vim.lsp.inlay_hint.get({ bufnr = buf, range = { start = { line = line, character = 0 }, ['end'] = { line = line + 1, character = 0 } } })
      return #hints > 0
    end, 10000)
    assert(#hints > 0, 'no inlay hint on the wrong total (line ' .. (line + 1) .. ')')
  end)

  step('tree-sitter highlights a heading, a row label and a number', function()
    local buf = state.buf
    assert(vim.treesitter.highlighter.active[buf], 'tree-sitter highlighting is not started')
    local function captures(row, col)
      local names = {}
      for _, c in ipairs(vim.treesitter.get_captures_at_pos(buf, row, col)) do
        names[#names + 1] = c.capture
      end
      return names
    end
    local function expect(what, row, col, want)
      local names = captures(row, col)
      assert(vim.tbl_contains(names, want), ('%s at %d:%d: want @%s, got %s'):format(what, row + 1, col, want, vim.inspect(names)))
    end
    local row, col = find(buf, '## 一、', '一')
    expect('section heading', row, col, 'markup.heading')
    expect('section heading', row, col, 'markup.heading.2')
    row, col = find(buf, '| （一）予以公开', '予以公开')
    expect('row label', row, col, 'label')
    row, col = find(buf, '| 行政许可 |', '1151')
    expect('number', row, col, 'number')
    row, col = find(buf, '年度:', '年度')
    expect('front-matter key', row, col, 'property')
    row = find(buf, '<!--')
    expect('comment', row, 1, 'comment')
  end)

  step('the folds query folds front matter and tables', function()
    local buf = state.buf
    assert(vim.wo.foldmethod == 'expr' and vim.wo.foldexpr:find('treesitter'), 'folding is ' .. vim.wo.foldmethod)
    local first = find(buf, '| 申请人情况') + 1 -- 1-based, as fold functions count
    local last = find(buf, '| 四、结转下年度') + 1
    local heading = find(buf, '## 三、') + 1
    wait_for(function()
      return vim.fn.foldlevel(first) > 0
    end, 5000)
    assert(vim.fn.foldlevel(first) == 1 and vim.fn.foldlevel(last) == 1, 'the 表三 table has no fold')
    assert(vim.fn.foldlevel(heading) == 0, 'a heading is inside a fold')
    assert(vim.fn.foldlevel(1) == 1, 'the front matter has no fold')
    vim.cmd('normal! zM')
    assert(vim.fn.foldclosed(first + 5) == first, 'zM does not close the table at line ' .. first)
    assert(vim.fn.foldclosedend(first) == last, 'the table fold ends at ' .. vim.fn.foldclosedend(first))
    vim.cmd('normal! zR')
  end)

  step('completion in an empty report offers the skeleton, and accepting it writes it', function()
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, 'p')
    vim.cmd.edit(vim.fn.fnameescape(dir .. '/2025.nianbao'))
    local buf = vim.api.nvim_get_current_buf()
    local client = client_for(buf)
    local function errors()
      return vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR })
    end
    -- An empty report is an error (no sections): the server checks this buffer.
    assert(wait_for(function()
      return #errors() > 0
    end, 10000), 'no diagnostics for the empty report')
    vim.lsp.completion.enable(true, client.id, buf)
    vim.api.nvim_feedkeys(vim.keycode('i<Cmd>lua vim.lsp.completion.get()<CR>'), 'n', false)
    wait_for(function()
      return vim.fn.pumvisible() == 1
    end, 10000)
    local items = vim.fn.complete_info({ 'items' }).items or {}
    assert(#items > 0, 'no completion menu in an empty report')

    -- The skeleton item: the one inserting every section heading.
    local skeleton = run({ bin, 'new', '--year', '2021', '--agency', '某某区人民政府' })
    local sections = {}
    for line in skeleton:gmatch('[^\n]+') do
      if line:match('^## ') then
        sections[#sections + 1] = line
      end
    end
    local function inserted(item)
      local lsp = vim.tbl_get(item, 'user_data', 'nvim', 'lsp', 'completion_item') or {}
      return vim.tbl_get(lsp, 'textEdit', 'newText') or lsp.insertText or item.word
    end
    local index
    for i, item in ipairs(items) do
      local text = inserted(item) or ''
      local all = true
      for _, s in ipairs(sections) do
        all = all and text:find(s, 1, true) ~= nil
      end
      if all then
        index = i
        break
      end
    end
    assert(
      index,
      'no completion item inserts the skeleton; items: ' .. table.concat(vim.tbl_map(function(i) return i.word end, items), ' / ')
    )
    vim.api.nvim_select_popupmenu_item(index - 1, true, true, {})
    wait_for(function()
      return #lines_of(buf) > 10
    end, 5000)
    vim.api.nvim_feedkeys(vim.keycode('<Esc>'), 'n', false)
    wait_for(function()
      return vim.api.nvim_get_mode().mode == 'n'
    end, 2000)

    -- The buffer now has the skeleton of its year: every heading and every
    -- row label of `nianbao new`, in order.
    local text = table.concat(lines_of(buf), '\n')
    local year = text:match('年度:%s*(%d%d%d%d)') or '2021'
    local agency = text:match('机关:%s*([^\n]-)%s*\n') or '某某区人民政府'
    local function structure(s)
      local out = {}
      for line in s:gmatch('[^\n]+') do
        if line:match('^##+ ') then
          out[#out + 1] = vim.trim(line)
        elseif line:match('^|') and not line:match('^|%s*:?%-') then
          out[#out + 1] = '| ' .. vim.trim(line:match('^|([^|]*)|'))
        end
      end
      return out
    end
    local want = structure(run({ bin, 'new', '--year', year, '--agency', agency }))
    local got = structure(text)
    assert(#want > 10, 'nianbao new printed no skeleton')
    if not vim.deep_equal(want, got) then
      local diff = vim.diff(table.concat(want, '\n') .. '\n', table.concat(got, '\n') .. '\n')
      error('the inserted skeleton differs from `nianbao new` (- new, + buffer):\n' .. diff)
    end

    log(('    accepted %q (of %d items): %d lines, %d headings and row labels as `nianbao new --year %s`'):format(
      items[index].abbr ~= '' and items[index].abbr or items[index].word, #items, #lines_of(buf), #got, year))

    -- And it is a valid report: the server's errors go away.
    wait_for(function()
      return #errors() == 0
    end, 10000)
    assert(
      #errors() == 0,
      'the inserted skeleton has errors: '
        .. table.concat(vim.tbl_map(function(d) return d.code .. ' ' .. d.message end, errors()), '; ')
    )
  end)
end

step('no errors were reported by Neovim', function()
  local messages = vim.fn.execute('messages')
  assert(not messages:find('E%d+:') and not messages:find('Error'), 'messages:\n' .. messages)
end)

-- ----------------------------------------------------------------- main --

local function main()
  log(('nvim %s, mode %s'):format(tostring(vim.version()), mode))
  for _, s in ipairs(steps) do
    local ok, err = pcall(s.fn)
    if ok then
      log('  ok    ' .. s.name)
    else
      failures[#failures + 1] = s.name
      log('  FAIL  ' .. s.name .. '\n        ' .. tostring(err):gsub('\n', '\n        '))
    end
  end
  if #failures > 0 then
    log(('%d of %d checks failed'):format(#failures, #steps))
    vim.cmd('cquit 1')
  else
    log(('all %d checks passed'):format(#steps))
    vim.cmd('qall!')
  end
end

local co = coroutine.create(function()
  local ok, err = xpcall(main, debug.traceback)
  if not ok then
    log('test crashed: ' .. tostring(err))
    vim.cmd('cquit 2')
  end
end)
vim.schedule(function()
  coroutine.resume(co)
end)

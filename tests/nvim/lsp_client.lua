-- Drives `jxlint lsp` from Neovim's built-in LSP client, as an editor user would: open a
-- report, wait for the diagnostics, apply a quick fix, then the fix-all action, and write
-- what Neovim saw to $JXLINT_OUT for tests/lsp_neovim.rs to compare.
--
-- Written for Neovim 0.7 (Debian bookworm), which has vim.lsp.start_client and
-- buf_attach_client; vim.lsp.start arrived in 0.8. Neovim converts the server's UTF-16
-- ranges into byte columns itself, so the columns below are bytes in the buffer.

local bin = assert(os.getenv('JXLINT_BIN'), 'JXLINT_BIN not set')
local report = assert(os.getenv('JXLINT_REPORT'), 'JXLINT_REPORT not set')
local out = assert(os.getenv('JXLINT_OUT'), 'JXLINT_OUT not set')
local TIMEOUT = 30000

local lines = {}
local function emit(s) table.insert(lines, s) end

local function finish(ok)
  local f = assert(io.open(out, 'w'))
  f:write(table.concat(lines, '\n') .. '\n')
  f:close()
  if ok then vim.cmd('qall!') else os.exit(1) end
end

local function sorted_diagnostics(bufnr)
  local ds = vim.diagnostic.get(bufnr)
  table.sort(ds, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    if a.code ~= b.code then return a.code < b.code end
    return a.message < b.message
  end)
  return ds
end

local function emit_diagnostics(bufnr)
  for _, d in ipairs(sorted_diagnostics(bufnr)) do
    local href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription
      and d.user_data.lsp.codeDescription.href or ''
    emit(string.format('%s %d:%d-%d:%d %s sev=%d doc=%s', d.code, d.lnum, d.col, d.end_lnum, d.end_col,
      d.source, d.severity, href:match('/([^/]+)%.md$') or '-'))
  end
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local function code_actions(bufnr, client, start_pos, end_pos, only)
  local params = vim.lsp.util.make_given_range_params(start_pos, end_pos, bufnr, client.offset_encoding)
  params.context = { diagnostics = {}, only = only }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT)
  local response = responses and responses[client.id]
  if not response or response.err then error('codeAction failed: ' .. vim.inspect(response)) end
  return response.result or {}
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(report))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'jxlint',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(report, ':p:h'),
  })
  assert(client_id, 'could not start jxlint lsp')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  if not vim.wait(TIMEOUT, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
    error('no diagnostics from jxlint')
  end
  emit('offset_encoding ' .. client.offset_encoding)
  emit('-- opened')
  emit_diagnostics(bufnr)

  -- Hover on the stray space after 𪚥: Neovim turns the cursor's byte column into a UTF-16
  -- column (𠀀, 😀 and 𪚥 before it take two code units each), jxlint turns it back.
  local space = assert(has_code(bufnr, 'cjk-space'), 'no cjk-space finding')
  vim.api.nvim_win_set_cursor(0, { space.lnum + 1, space.col })
  local hover_params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hovers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', hover_params, TIMEOUT)
  local hover = hovers and hovers[client_id] and hovers[client_id].result
  emit('-- hover at ' .. hover_params.position.line .. ':' .. hover_params.position.character)
  emit(hover and vim.split(hover.contents.value, '\n')[1] or 'no hover')

  -- Quick fix for the half-width comma, asked for at the diagnostic's start.
  local comma = assert(has_code(bufnr, 'halfwidth-punctuation'), 'no halfwidth-punctuation finding')
  local pos = { comma.lnum + 1, comma.col }
  local actions = code_actions(bufnr, client, pos, pos, { 'quickfix' })
  emit('-- quickfix actions at ' .. comma.lnum .. ':' .. comma.col)
  for _, a in ipairs(actions) do emit(a.kind .. ' ' .. a.title) end
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  if not vim.wait(TIMEOUT, function() return not has_code(bufnr, 'halfwidth-punctuation') end, 20) then
    error('halfwidth-punctuation still reported after the quick fix')
  end
  emit('-- after quickfix')
  emit_diagnostics(bufnr)

  -- Fix everything fixable at once.
  local all = code_actions(bufnr, client, { 1, 0 }, { 1, 0 }, { 'source.fixAll' })
  emit('-- fix all: ' .. all[1].title)
  vim.lsp.util.apply_workspace_edit(all[1].edit, client.offset_encoding)
  if not vim.wait(TIMEOUT, function() return not has_code(bufnr, 'typo') and not has_code(bufnr, 'cjk-space') end, 20) then
    error('fixable findings still reported after fix-all')
  end
  emit('-- after fix all')
  emit_diagnostics(bufnr)
  emit('-- text')
  for _, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do emit(l) end

  vim.lsp.stop_client(client_id)
  if not vim.wait(TIMEOUT, function() return vim.lsp.client_is_stopped(client_id) end, 20) then
    error('jxlint lsp did not stop')
  end
  emit('-- stopped')
end

local ok, err = pcall(run)
if not ok then emit('ERROR ' .. tostring(err)) end
finish(ok)

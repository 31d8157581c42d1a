-- Test-only driver for crates/prism-cli/tests/lsp_neovim.rs: Neovim's own LSP client, configured
-- by editors/nvim/lua/prism.lua, talks to `prism lsp`. It opens a file, waits for its diagnostics,
-- asks for hover and definition, and writes what it received as JSON to $PRISM_OUT. The Rust test
-- judges the contents; this script only fails (exit 1, `error` set) when something never arrives.
--
-- Environment: PRISM_BIN (the binary), PRISM_NVIM_DIR (editors/nvim), PRISM_FILE (the .prism file),
-- PRISM_OUT (the JSON to write), PRISM_HOVER_AT and PRISM_DEFINITION_AT ("line:column", 0-based
-- line, byte column), PRISM_WAIT_MS (how long to wait for each answer).
local wait_ms = tonumber(os.getenv("PRISM_WAIT_MS") or "20000")
local received = { published = {} }

local function write_and_quit(error_message)
  received.error = error_message
  local file = assert(io.open(os.getenv("PRISM_OUT"), "w"))
  file:write(vim.fn.json_encode(received))
  file:close()
  vim.cmd(error_message and "cquit! 1" or "qall!")
end

local function cursor_at(variable)
  local line, column = os.getenv(variable):match("^(%d+):(%d+)$")
  vim.api.nvim_win_set_cursor(0, { tonumber(line) + 1, tonumber(column) })
end

-- The first answer of any client to `method` at the cursor, or nil and why not.
local function ask(method)
  local params = vim.lsp.util.make_position_params()
  local answers, failure = vim.lsp.buf_request_sync(0, method, params, wait_ms)
  if answers == nil then
    return nil, method .. ": " .. tostring(failure)
  end
  for _, answer in pairs(answers) do
    if answer.err then
      return nil, method .. ": " .. vim.inspect(answer.err)
    end
    return answer.result
  end
  return nil, method .. ": no client answered"
end

local function run()
  vim.opt.runtimepath:append(os.getenv("PRISM_NVIM_DIR"))
  require("prism").setup({
    cmd = { os.getenv("PRISM_BIN"), "lsp", "--stdio" },
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
        table.insert(received.published, params)
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, config)
      end,
    },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("PRISM_FILE")))
  received.filetype = vim.bo.filetype

  local shown = vim.wait(wait_ms, function()
    return #vim.diagnostic.get(0) > 0
  end, 20)
  if not shown then
    return "no diagnostics were shown within " .. wait_ms .. " ms"
  end
  received.shown = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(0)) do
    table.insert(received.shown, {
      lnum = diagnostic.lnum,
      col = diagnostic.col,
      end_lnum = diagnostic.end_lnum,
      end_col = diagnostic.end_col,
      severity = diagnostic.severity,
      message = diagnostic.message,
    })
  end

  cursor_at("PRISM_HOVER_AT")
  local hover, why = ask("textDocument/hover")
  if hover == nil then
    return why or "no hover"
  end
  received.hover = hover

  cursor_at("PRISM_DEFINITION_AT")
  local definition, failure = ask("textDocument/definition")
  if definition == nil then
    return failure or "no definition"
  end
  received.definition = definition
  return nil
end

local ok, outcome = pcall(run)
if not ok then
  write_and_quit("the script failed: " .. tostring(outcome))
else
  write_and_quit(outcome)
end

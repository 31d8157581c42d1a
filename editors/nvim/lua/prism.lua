-- Prism for Neovim's built-in LSP client: `*.prism` files get the `prism` filetype, and each
-- buffer of that filetype is attached to one `prism lsp` server per project root.
--
-- Use (see editors/README.md):
--   vim.opt.runtimepath:append("/path/to/prism/editors/nvim")
--   require("prism").setup({ cmd = { "prism", "lsp", "--stdio" } })
--
-- Works with Neovim 0.7 (`vim.lsp.start_client` + `vim.lsp.buf_attach_client`) and later
-- (`vim.lsp.start`, which reuses a running client by itself).
local M = {}

local defaults = {
  cmd = { "prism", "lsp", "--stdio" },
  -- Files whose directory is taken as the project root (cli §8 uses it for references).
  root_markers = { "prism.toml", ".git" },
  -- Passed on to the client: `on_attach(client, bufnr)` for key mappings, `capabilities`, …
  on_attach = nil,
  capabilities = nil,
  handlers = nil,
}

local config = vim.deepcopy(defaults)
-- Clients started by Neovim 0.7, by root directory: one server per project.
local clients_by_root = {}

-- The nearest directory above the buffer's file holding a root marker, else the file's directory.
local function find_root(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h")
  local current = dir
  while true do
    for _, marker in ipairs(config.root_markers) do
      if vim.loop.fs_stat(current .. "/" .. marker) then
        return current
      end
    end
    local parent = vim.fn.fnamemodify(current, ":h")
    if parent == current then
      return dir
    end
    current = parent
  end
end

local function client_config(root)
  return {
    name = "prism",
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    on_attach = config.on_attach,
    capabilities = config.capabilities,
    handlers = config.handlers,
  }
end

--- Attaches buffer `bufnr` (default: the current one) to the server of its project.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = find_root(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(client_config(root))
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(options)
  config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), options or {})
  local group = vim.api.nvim_create_augroup("prism_lsp", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*.prism",
    callback = function(args)
      vim.bo[args.buf].filetype = "prism"
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "prism",
    callback = function(args)
      vim.bo[args.buf].commentstring = "// %s"
      M.attach(args.buf)
    end,
  })
end

return M

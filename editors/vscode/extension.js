// Starts `prism lsp --stdio` for `.prism` files (cli §8); every feature comes from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("prism").get("serverPath") || "prism";
  const server = { command, args: ["lsp", "--stdio"] };
  client = new LanguageClient(
    "prism",
    "Prism",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "prism" }, { scheme: "untitled", language: "prism" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

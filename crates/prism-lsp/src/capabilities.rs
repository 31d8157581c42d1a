//! What the server offers (cli §8) and what it takes from the client's `initialize` request.

use lsp_types::InitializeParams;
use prism_ide::{TokenModifiers, TokenType};
use serde_json::{json, Value};

use crate::convert::Encoding;

/// The choices made from the client's capabilities.
#[derive(Clone, Debug)]
pub struct ClientChoices {
    pub encoding: Encoding,
    /// Inlay hints are off unless the client says it can show them (cli §8).
    pub inlay_hints: bool,
}

impl ClientChoices {
    pub fn from_params(params: &InitializeParams) -> ClientChoices {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.iter().any(|kind| kind.as_str() == "utf-8"));
        let inlay_hints = params
            .capabilities
            .text_document
            .as_ref()
            .is_some_and(|text| text.inlay_hint.is_some());
        ClientChoices {
            encoding: if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            inlay_hints,
        }
    }
}

/// The `InitializeResult`.
pub fn initialize_result(choices: &ClientChoices) -> Value {
    let encoding = match choices.encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Utf16 => "utf-16",
    };
    let token_types: Vec<&str> = TokenType::LEGEND.iter().map(|ty| ty.as_str()).collect();
    let mut capabilities = json!({
        "positionEncoding": encoding,
        // Full and incremental synchronisation: the client sends ranges (2 = Incremental); a
        // change without a range replaces the whole text.
        "textDocumentSync": { "openClose": true, "change": 2, "save": { "includeText": false } },
        "hoverProvider": true,
        "definitionProvider": true,
        "referencesProvider": true,
        "renameProvider": { "prepareProvider": true },
        "completionProvider": { "triggerCharacters": [".", "\"", "/", "@", "~"] },
        "signatureHelpProvider": { "triggerCharacters": ["(", ","], "retriggerCharacters": [","] },
        "documentSymbolProvider": true,
        "documentFormattingProvider": true,
        "semanticTokensProvider": {
            "legend": { "tokenTypes": token_types, "tokenModifiers": TokenModifiers::LEGEND },
            "full": true,
            "range": false
        },
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
    });
    if choices.inlay_hints {
        capabilities["inlayHintProvider"] = json!(true);
    }
    json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "prism", "version": env!("CARGO_PKG_VERSION") },
    })
}

//! Request dispatch and the single-document features of cli §8: each converts positions, asks
//! `prism-ide`'s analysis and converts the answer. A panic inside a feature is caught here and
//! answered as an internal error, so the server keeps running.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use lsp_server::{ErrorCode, Request, Response, ResponseError};
use lsp_types::request::{self, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItemKind, CompletionParams,
    CompletionTextEdit, DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse,
    Documentation, HoverContents, HoverParams, InlayHintKind, InlayHintLabel, InlayHintParams,
    MarkupContent, MarkupKind, ParameterInformation, ParameterLabel, Range, SemanticTokens,
    SemanticTokensParams, SemanticTokensResult, SignatureHelpParams, SignatureInformation,
    TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};
use prism_ide::CompletionKind;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::convert::Encoding;
use crate::document::Document;
use crate::workspace::{DiskPaths, Workspace};

/// What a request sees: the documents as they were when it arrived.
pub struct Snapshot {
    pub encoding: Encoding,
    pub documents: Arc<HashMap<String, Document>>,
    pub workspace: Arc<Workspace>,
}

impl Snapshot {
    pub fn document(&self, uri: &Uri) -> Result<&Document, ResponseError> {
        self.documents
            .get(uri.as_str())
            .ok_or_else(|| error(ErrorCode::InvalidParams, "the document is not open"))
    }

    /// The document and the byte offset of a position in it.
    pub fn at(
        &self,
        position: &TextDocumentPositionParams,
    ) -> Result<(&Document, u32), ResponseError> {
        let document = self.document(&position.text_document.uri)?;
        let offset = document.map(self.encoding).offset(position.position);
        Ok((document, offset))
    }
}

pub fn error(code: ErrorCode, message: &str) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.to_string(),
        data: None,
    }
}

/// The response to `request`, whatever happens inside the feature.
pub fn answer(snapshot: &Snapshot, request: Request) -> Response {
    let Request { id, method, params } = request;
    let outcome = catch_unwind(AssertUnwindSafe(|| dispatch(snapshot, &method, params)));
    match outcome {
        Ok(response_result) => Response {
            id,
            response_result,
        },
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("internal error in {method}: {reason}"),
            )
        }
    }
}

fn dispatch(snapshot: &Snapshot, method: &str, params: Value) -> Result<Value, ResponseError> {
    use crate::navigation as nav;
    let s = snapshot;
    match method {
        request::HoverRequest::METHOD => run(params, |p| hover(s, p)),
        request::GotoDefinition::METHOD => run(params, |p| nav::definition(s, p)),
        request::References::METHOD => run(params, |p| nav::references(s, p)),
        request::PrepareRenameRequest::METHOD => run(params, |p| nav::prepare_rename(s, p)),
        request::Rename::METHOD => run(params, |p| nav::rename(s, p)),
        request::Completion::METHOD => run(params, |p| completion(s, p)),
        request::SignatureHelpRequest::METHOD => run(params, |p| signature_help(s, p)),
        request::DocumentSymbolRequest::METHOD => run(params, |p| document_symbols(s, p)),
        request::Formatting::METHOD => run(params, |p| formatting(s, p)),
        request::SemanticTokensFullRequest::METHOD => run(params, |p| semantic_tokens(s, p)),
        request::CodeActionRequest::METHOD => run(params, |p| code_actions(s, p)),
        request::InlayHintRequest::METHOD => run(params, |p| inlay_hints(s, p)),
        _ => Err(error(
            ErrorCode::MethodNotFound,
            &format!("unsupported request {method}"),
        )),
    }
}

fn run<P: DeserializeOwned, R: Serialize>(
    params: Value,
    feature: impl FnOnce(P) -> Result<R, ResponseError>,
) -> Result<Value, ResponseError> {
    let params = serde_json::from_value(params)
        .map_err(|problem| error(ErrorCode::InvalidParams, &problem.to_string()))?;
    let result = feature(params)?;
    serde_json::to_value(result)
        .map_err(|problem| error(ErrorCode::InternalError, &problem.to_string()))
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }
}

fn hover(s: &Snapshot, params: HoverParams) -> Result<Option<lsp_types::Hover>, ResponseError> {
    let (document, offset) = s.at(&params.text_document_position_params)?;
    let map = document.map(s.encoding);
    Ok(document
        .analysis()
        .hover(offset)
        .map(|hover| lsp_types::Hover {
            contents: HoverContents::Markup(markdown(hover.markdown)),
            range: Some(map.range(hover.range)),
        }))
}

fn completion(
    s: &Snapshot,
    params: CompletionParams,
) -> Result<Vec<lsp_types::CompletionItem>, ResponseError> {
    let (document, offset) = s.at(&params.text_document_position)?;
    let map = document.map(s.encoding);
    let paths = DiskPaths::beside(document.path.as_deref());
    let items = document.analysis().completion(offset, &paths);
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(index, item)| lsp_types::CompletionItem {
            kind: Some(completion_kind(item.kind)),
            detail: item.detail,
            documentation: item
                .documentation
                .map(|text| Documentation::MarkupContent(markdown(text))),
            // The analysis orders items (innermost scope first); the client keeps that order.
            sort_text: Some(format!("{index:05}")),
            filter_text: Some(item.label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                map.range(item.edit.span),
                item.edit.new_text,
            ))),
            label: item.label,
            ..Default::default()
        })
        .collect())
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Variable => CompletionItemKind::VARIABLE,
        CompletionKind::Constant => CompletionItemKind::CONSTANT,
        CompletionKind::Function | CompletionKind::Builtin => CompletionItemKind::FUNCTION,
        CompletionKind::Parameter => CompletionItemKind::VARIABLE,
        CompletionKind::Agent => CompletionItemKind::CLASS,
        CompletionKind::Namespace | CompletionKind::Module => CompletionItemKind::MODULE,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Property => CompletionItemKind::PROPERTY,
        CompletionKind::Method => CompletionItemKind::METHOD,
        CompletionKind::File => CompletionItemKind::FILE,
        CompletionKind::Folder => CompletionItemKind::FOLDER,
        CompletionKind::HeaderTag => CompletionItemKind::TEXT,
    }
}

fn signature_help(
    s: &Snapshot,
    params: SignatureHelpParams,
) -> Result<Option<lsp_types::SignatureHelp>, ResponseError> {
    let (document, offset) = s.at(&params.text_document_position_params)?;
    let map = document.map(s.encoding);
    let Some(help) = document.analysis().signature_help(offset) else {
        return Ok(None);
    };
    let label = help.signature.label;
    let parameters = help
        .signature
        .parameters
        .iter()
        .map(|parameter| ParameterInformation {
            label: ParameterLabel::LabelOffsets(map.label_offsets(&label, parameter.label)),
            documentation: None,
        })
        .collect();
    let signature = SignatureInformation {
        documentation: help
            .signature
            .documentation
            .map(|text| Documentation::MarkupContent(markdown(text))),
        parameters: Some(parameters),
        active_parameter: help.active_parameter,
        label,
    };
    Ok(Some(lsp_types::SignatureHelp {
        signatures: vec![signature],
        active_signature: Some(0),
        active_parameter: help.active_parameter,
    }))
}

fn document_symbols(
    s: &Snapshot,
    params: DocumentSymbolParams,
) -> Result<DocumentSymbolResponse, ResponseError> {
    let document = s.document(&params.text_document.uri)?;
    let map = document.map(s.encoding);
    let symbols = document.analysis().document_symbols();
    Ok(DocumentSymbolResponse::Nested(
        symbols
            .into_iter()
            .map(|symbol| symbol_to_protocol(symbol, &map))
            .collect(),
    ))
}

fn symbol_to_protocol(
    symbol: prism_ide::DocumentSymbol,
    map: &crate::convert::LineMap,
) -> lsp_types::DocumentSymbol {
    let kind = match symbol.kind {
        prism_ide::SymbolKind::Function => lsp_types::SymbolKind::FUNCTION,
        prism_ide::SymbolKind::Variable => lsp_types::SymbolKind::VARIABLE,
        prism_ide::SymbolKind::Constant => lsp_types::SymbolKind::CONSTANT,
        prism_ide::SymbolKind::Agent => lsp_types::SymbolKind::OBJECT,
    };
    let children: Vec<_> = symbol
        .children
        .into_iter()
        .map(|child| symbol_to_protocol(child, map))
        .collect();
    #[allow(deprecated)] // `deprecated` is a required field of the type, superseded by `tags`.
    lsp_types::DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind,
        tags: None,
        deprecated: None,
        range: map.range(symbol.range),
        selection_range: map.range(symbol.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

/// Whole-document formatting, identical to `prism fmt` (cli §6). A document that does not parse
/// is left as it is (its diagnostics say why), as `prism fmt` does.
fn formatting(
    s: &Snapshot,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>, ResponseError> {
    let document = s.document(&params.text_document.uri)?;
    let Ok(formatted) = prism_fmt::format(&document.text) else {
        return Ok(None);
    };
    if formatted == *document.text {
        return Ok(Some(Vec::new()));
    }
    let map = document.map(s.encoding);
    let whole = Range::new(map.position(0), map.position(document.text.len() as u32));
    Ok(Some(vec![TextEdit::new(whole, formatted)]))
}

/// Semantic tokens (full) in the relative encoding of the protocol, with the legend of
/// `capabilities` (the analysis guarantees sorted tokens that never span a line break).
fn semantic_tokens(
    s: &Snapshot,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>, ResponseError> {
    let document = s.document(&params.text_document.uri)?;
    let map = document.map(s.encoding);
    let mut data = Vec::new();
    let (mut line, mut column) = (0, 0);
    for token in document.analysis().semantic_tokens() {
        let start = map.position(token.span.start);
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 {
            start.character - column
        } else {
            start.character
        };
        data.push(lsp_types::SemanticToken {
            delta_line,
            delta_start,
            length: map.length(token.span),
            token_type: token.token_type.index(),
            token_modifiers_bitset: token.modifiers,
        });
        line = start.line;
        column = start.character;
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

fn code_actions(
    s: &Snapshot,
    params: CodeActionParams,
) -> Result<Vec<CodeActionOrCommand>, ResponseError> {
    let document = s.document(&params.text_document.uri)?;
    let map = document.map(s.encoding);
    let actions = document.analysis().code_actions(map.span(params.range));
    Ok(actions
        .into_iter()
        .map(|action| {
            let range = map.range(action.diagnostic_span);
            // The client's own diagnostic objects, so it can tie the fix to them.
            let diagnostics: Vec<_> = params
                .context
                .diagnostics
                .iter()
                .filter(|diagnostic| {
                    diagnostic.range == range
                        && diagnostic.code
                            == Some(lsp_types::NumberOrString::String(
                                action.diagnostic_code.to_string(),
                            ))
                })
                .cloned()
                .collect();
            let edits = action
                .edits
                .into_iter()
                .map(|edit| TextEdit::new(map.range(edit.span), edit.new_text))
                .collect();
            CodeActionOrCommand::CodeAction(lsp_types::CodeAction {
                title: action.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(document.uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: action.preferred.then_some(true),
                ..Default::default()
            })
        })
        .collect())
}

fn inlay_hints(
    s: &Snapshot,
    params: InlayHintParams,
) -> Result<Vec<lsp_types::InlayHint>, ResponseError> {
    let document = s.document(&params.text_document.uri)?;
    let map = document.map(s.encoding);
    let hints = document.analysis().inlay_hints(map.span(params.range));
    Ok(hints
        .into_iter()
        .map(|hint| lsp_types::InlayHint {
            position: map.position(hint.offset),
            label: InlayHintLabel::String(hint.label),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: Some(lsp_types::InlayHintTooltip::String(hint.tooltip)),
            padding_left: None,
            padding_right: None,
            data: None,
        })
        .collect())
}

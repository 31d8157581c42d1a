//! Imports, exports, context blocks and agents blocks (language §3.2, §8.10, §8.11, §13).

use super::{PResult, Parser};
use crate::ast::{
    AgentDecl, ContextName, ContextStmt, Export, ExportSpec, Import, ImportSpec, Name, Stmt,
    StmtKind, StrLit,
};
use crate::token::{Keyword, Punct, Token};

impl Parser<'_, '_> {
    /// `ContextStmt = "in" "context" ( Ident | String ) Block [ "->" ( Ident | String ) [ ";" ] ] ;`
    /// — `in` not followed by `context` is E0201 (§3.7.7).
    pub(super) fn context_stmt(&mut self) -> PResult<StmtKind> {
        if !matches!(self.peek_nth(1), Some(Token::Ident(word)) if word == "context") {
            return Err(self.error_with(
                self.diagnostic(
                    "E0201",
                    format!("expected expression, found {}", self.found()),
                    self.span(),
                    "expected expression",
                )
                .with_help("context blocks are written `in context Name { … }`"),
            ));
        }
        self.pos += 2;
        let name = self.context_name()?;
        let body = self.block()?;
        let shift = if self.eat(Punct::ThinArrow) {
            let shift = self.context_name()?;
            self.eat(Punct::Semi);
            Some(shift)
        } else {
            None
        };
        Ok(StmtKind::Context(Box::new(ContextStmt {
            name,
            body,
            shift,
        })))
    }

    fn context_name(&mut self) -> PResult<ContextName> {
        let (text, is_string) = match self.peek() {
            Some(Token::Ident(text)) => (text.clone(), false),
            Some(Token::Str { value, .. }) => (value.clone(), true),
            _ => return Err(self.error_expected("context name", "expected a name or a string")),
        };
        let span = self.bump();
        Ok(ContextName {
            text,
            is_string,
            span,
        })
    }

    /// `AgentsStmt = "agents" "{" [ AgentDecl { [ "," | ";" ] AgentDecl } [ "," | ";" ] ] "}" ;`
    pub(super) fn agents_stmt(&mut self) -> PResult<StmtKind> {
        self.pos += 2;
        let mut agents = Vec::new();
        while !self.eat(Punct::RBrace) {
            agents.push(self.agent_decl()?);
            if !self.eat(Punct::Comma) {
                self.eat(Punct::Semi);
            }
        }
        Ok(StmtKind::Agents(agents))
    }

    /// `AgentDecl = Ident ":" [ "Agent" ] ObjectLit ;`
    fn agent_decl(&mut self) -> PResult<AgentDecl> {
        let start = self.start();
        let name = self.name("agent name")?;
        self.expect(Punct::Colon)?;
        let agent_word = if self.at_word("Agent") && self.nth_is(1, Punct::LBrace) {
            Some(self.bump())
        } else {
            None
        };
        if !self.at(Punct::LBrace) {
            return Err(self.error_expected("`{`", "expected the agent's object"));
        }
        let object = self.with_lambdas(|parser| parser.object_lit())?;
        Ok(AgentDecl {
            name,
            agent_word,
            object,
            span: self.since(start),
        })
    }

    /// `ImportDecl = "import" ( String | ImportClause "from" String ) [ ";" ] ;`
    pub(super) fn import_decl(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut import = Import {
            source: self.placeholder_source(),
            default: None,
            namespace: None,
            names: Vec::new(),
        };
        if matches!(self.peek(), Some(Token::Str { .. })) {
            import.source = self.module_source()?;
            self.eat(Punct::Semi);
            return Ok(StmtKind::Import(Box::new(import)));
        }
        // `ImportClause = Ident [ "," ( NamedImports | NamespaceImport ) ] | NamedImports | NamespaceImport ;`
        let mut more = true;
        if matches!(self.peek(), Some(Token::Ident(_))) {
            import.default = Some(self.name("name")?);
            more = self.eat(Punct::Comma);
        }
        if more {
            if self.at(Punct::LBrace) {
                import.names = self.named_imports()?;
            } else if self.eat(Punct::Star) {
                self.expect_word("as")?;
                import.namespace = Some(self.name("name")?);
            } else {
                return Err(self.error_expected("import clause", "expected a name, `{` or `*`"));
            }
        }
        self.expect_word("from")?;
        import.source = self.module_source()?;
        self.eat(Punct::Semi);
        Ok(StmtKind::Import(Box::new(import)))
    }

    /// `NamedImports = "{" [ ImportSpec { "," ImportSpec } [ "," ] ] "}" ;` with
    /// `ImportSpec = PropName [ "as" Ident ] ;`
    fn named_imports(&mut self) -> PResult<Vec<ImportSpec>> {
        self.bump();
        let mut names = Vec::new();
        while !self.list_ends(Punct::RBrace) {
            let must_rename = !matches!(self.peek(), Some(Token::Ident(word)) if word != "default");
            let imported = self.prop_name()?;
            let local = if self.eat_word("as") {
                self.name("name")?
            } else if must_rename {
                // §3.2: a keyword name or `_` cannot be a local binding.
                return Err(
                    self.error_expected("`as`", "a keyword or `_` must be renamed with `as`")
                );
            } else {
                imported.clone()
            };
            names.push(ImportSpec { imported, local });
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBrace)?;
        Ok(names)
    }

    /// `ExportDecl` (language §3.2).
    pub(super) fn export_decl(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut export = Export {
            declaration: None,
            default: None,
            specifiers: Vec::new(),
            source: None,
            all: false,
        };
        let start = self.start();
        match self.peek() {
            Some(Token::Keyword(Keyword::Let | Keyword::Const)) => {
                let decl = self.var_decl()?;
                self.eat(Punct::Semi);
                export.declaration = Some(Stmt::new(StmtKind::VarDecl(decl), self.since(start)));
            }
            Some(Token::Keyword(Keyword::Function | Keyword::Fn | Keyword::Async)) => {
                let function = self.function(true)?;
                export.declaration = Some(Stmt::new(
                    StmtKind::FunctionDecl(Box::new(function)),
                    self.since(start),
                ));
            }
            Some(Token::Ident(word)) if word == "agents" && self.nth_is(1, Punct::LBrace) => {
                let agents = self.agents_stmt()?;
                export.declaration = Some(Stmt::new(agents, self.since(start)));
            }
            Some(Token::Ident(word)) if word == "default" => {
                self.bump();
                export.default = Some(self.expression()?);
                self.eat(Punct::Semi);
            }
            Some(Token::Punct(Punct::Star)) => {
                self.bump();
                self.expect_word("from")?;
                export.source = Some(self.module_source()?);
                export.all = true;
                self.eat(Punct::Semi);
            }
            Some(Token::Punct(Punct::LBrace)) => {
                export.specifiers = self.export_specifiers()?;
                if self.eat_word("from") {
                    export.source = Some(self.module_source()?);
                }
                self.eat(Punct::Semi);
            }
            _ => {
                return Err(self.error_expected(
                    "declaration",
                    "expected a declaration, `default`, `*` or `{`",
                ))
            }
        }
        Ok(StmtKind::Export(Box::new(export)))
    }

    /// `"{" [ ExportSpec { "," ExportSpec } [ "," ] ] "}"` with `ExportSpec = PropName [ "as" PropName ] ;`
    fn export_specifiers(&mut self) -> PResult<Vec<ExportSpec>> {
        self.bump();
        let mut specifiers = Vec::new();
        while !self.list_ends(Punct::RBrace) {
            let local = self.prop_name()?;
            let exported = if self.eat_word("as") {
                self.prop_name()?
            } else {
                local.clone()
            };
            specifiers.push(ExportSpec { local, exported });
            if !self.eat(Punct::Comma) {
                break;
            }
        }
        self.expect_closing(Punct::RBrace)?;
        Ok(specifiers)
    }

    /// The module path of an import or export: a string without interpolation.
    fn module_source(&mut self) -> PResult<StrLit> {
        match self.peek() {
            Some(Token::Str { value, quote }) => {
                let (value, quote) = (value.clone(), *quote);
                let span = self.bump();
                Ok(StrLit { value, quote, span })
            }
            _ => Err(self.error_expected("module path", "expected a string")),
        }
    }

    fn placeholder_source(&self) -> StrLit {
        StrLit {
            value: "".into(),
            quote: crate::token::Quote::Double,
            span: self.span(),
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = self.at_word(word);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect_word(&mut self, word: &str) -> PResult<Name> {
        if self.at_word(word) {
            let span = self.bump();
            return Ok(Name {
                text: word.into(),
                span,
            });
        }
        let text = format!("`{word}`");
        Err(self.error_expected(&text, &format!("expected {text}")))
    }
}

//! Compiling a program and its imported modules for a run (language §1.2, §13.2–§13.5): every
//! file goes through the compile phases, imports are resolved against the importing file's
//! directory, cycles are `E0504`, and each file is lowered to the IR.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use prism_checker::{FileRole as ResolveRole, Resolution, ResolveEnv};
use prism_diagnostics::Diagnostic;
use prism_ir::{FileRole, Program};
use prism_span::{FileId, SourceMap};
use prism_syntax::ast;

use crate::check::{check_main, CompileMode};
use crate::loader::{add_source, SourceLoader};
use crate::run_pattern::read_file_header;
use prism_project::imports::{module_diagnostics_cached, ModuleCache};
use prism_project::modules::{candidates, normalise, ModuleRoots};

/// One compiled file of the run.
pub(crate) struct Unit {
    pub file: FileId,
    pub ir: Program,
    /// The unit index of each of the file's imports, in `ImportId` order.
    pub imports: Vec<usize>,
}

/// The compiled program: units in load order, the main one first.
pub(crate) struct Compiled {
    pub units: Vec<Unit>,
}

/// What [`Compiler::compile_unit`] compiles.
enum UnitSource {
    /// The main file, parsed and resolved by its check (boxed: it is far larger than `Module`).
    Main(Box<(ast::Program, Resolution)>),
    /// A module, parsed and resolved by `compile_unit`.
    Module,
}

pub(crate) struct Compiler<'l> {
    pub loader: &'l dyn SourceLoader,
    pub files: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    units: Vec<Option<Unit>>,
    by_path: HashMap<PathBuf, usize>,
    /// Files being compiled, outermost first (a path seen again here is a cycle).
    visiting: Vec<PathBuf>,
    /// The main file's header (runtime §1.2 step 2), read by [`Compiler::compile_main`].
    pub main_header: Option<prism_config::header::Header>,
    /// How the main file is compiled: test mode for `prism test` (builtins §17), the Parallax
    /// host names in legacy mode (runtime §15.4). Modules never see either.
    pub mode: CompileMode,
    /// Where bare module specifiers are looked up (language §13.2 rule 4).
    pub roots: ModuleRoots,
    /// The modules the import and export checks have read, so each is parsed once per run.
    module_cache: ModuleCache,
}

impl<'l> Compiler<'l> {
    pub fn new(loader: &'l dyn SourceLoader) -> Compiler<'l> {
        Compiler {
            loader,
            files: SourceMap::new(),
            diagnostics: Vec::new(),
            units: Vec::new(),
            by_path: HashMap::new(),
            visiting: Vec::new(),
            main_header: None,
            mode: CompileMode::default(),
            roots: ModuleRoots::default(),
            module_cache: ModuleCache::default(),
        }
    }

    /// Compiles the main program of a project whose settings were read: module paths from its
    /// `prism.toml` (language §13.2), and a program that could not be read reported as `E0001`.
    pub(crate) fn compile_project_main(
        &mut self,
        settings: &crate::run_config::RunSettings,
        path: Option<&Path>,
        name: String,
        bytes: Result<Vec<u8>, impl std::fmt::Display>,
    ) -> Option<Compiled> {
        self.roots = ModuleRoots::of_project(&settings.agents.config, &settings.project_root);
        match bytes {
            Ok(bytes) => self.compile_main(path, name, bytes),
            Err(error) => {
                let message = format!("cannot read '{name}': {error}");
                self.diagnostics.push(Diagnostic::error("E0001", message));
                None
            }
        }
    }

    /// Compiles the main program (from `path`, or from text with a display name).
    pub fn compile_main(
        &mut self,
        path: Option<&Path>,
        name: String,
        bytes: Vec<u8>,
    ) -> Option<Compiled> {
        let (file, invalid) = add_source(&mut self.files, name, bytes);
        if let Some(diagnostic) = invalid {
            self.diagnostics.push(diagnostic);
            return None;
        }
        self.main_header = read_file_header(&self.files, file, &mut self.diagnostics);
        let directory = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let key = path
            .map(canonical)
            .unwrap_or_else(|| PathBuf::from("<main>"));
        let main = check_main(&self.files, file, self.mode);
        self.diagnostics.extend(main.diagnostics);
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        // The check resolves every tree that parsed without an error, so this is always there.
        let checked = main.checked?;
        let source = UnitSource::Main(Box::new((main.program, checked.resolution)));
        self.compile_unit(file, key, &directory, source)?;
        let units = std::mem::take(&mut self.units)
            .into_iter()
            .flatten()
            .collect();
        Some(Compiled { units })
    }

    /// Parses, resolves and lowers one file, then its imports (depth-first). The main file comes
    /// already parsed and resolved by its check.
    fn compile_unit(
        &mut self,
        file: FileId,
        key: PathBuf,
        directory: &Path,
        source: UnitSource,
    ) -> Option<usize> {
        let index = self.units.len();
        self.units.push(None);
        let natives = crate::std_natives::host_names(&key);
        let module_path = module_path_of(&key, directory);
        self.by_path.insert(key.clone(), index);
        self.visiting.push(key);
        let (role, program, resolution) = match source {
            UnitSource::Main(checked) => {
                let (program, resolution) = *checked;
                (FileRole::Main, program, resolution)
            }
            UnitSource::Module => {
                let (program, resolution) = self.parse_and_resolve_module(file, natives);
                (FileRole::Module, program, resolution)
            }
        };
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            self.visiting.pop();
            return None;
        }
        let ir = match prism_ir::lower_program(&program, &resolution, file, role) {
            Ok(ir) => ir,
            Err(errors) => {
                self.diagnostics.extend(errors);
                self.visiting.pop();
                return None;
            }
        };
        let mut imports = Vec::with_capacity(ir.imports.len());
        for import in &ir.imports {
            let target = self.compile_import(file, directory, &import.specifier, import.span)?;
            imports.push(target);
        }
        self.visiting.pop();
        if let Some(path) = module_path {
            // The import and export names (E0502, E0503, E0505), by the same rules as `prism
            // check`, once every import has been found and compiled.
            // Every import was checked first, which put it in the cache: none is parsed again.
            let errors = module_diagnostics_cached(
                self.loader,
                &program,
                file,
                Some(&path),
                &self.roots,
                &mut self.module_cache,
            );
            if !errors.is_empty() {
                self.diagnostics.extend(errors);
                return None;
            }
        }
        if let Some(slot) = self.units.get_mut(index) {
            *slot = Some(Unit { file, ir, imports });
        }
        Some(index)
    }

    /// Parses and resolves a module, reporting its parse errors, top-level `return`s and
    /// resolution errors (a main file's check reports its own).
    fn parse_and_resolve_module(
        &mut self,
        file: FileId,
        natives: Vec<smol_str::SmolStr>,
    ) -> (ast::Program, Resolution) {
        let parsed = prism_syntax::parse(self.files.text(file), file);
        self.diagnostics.extend(parsed.diagnostics);
        for statement in &parsed.program.body {
            top_level_returns(statement, file, &mut self.diagnostics);
        }
        let env = ResolveEnv {
            role: ResolveRole::Module,
            extra_host_names: natives,
            ..ResolveEnv::default()
        };
        let resolution = prism_checker::resolve(&parsed.program, file, &env);
        let errors = resolution.diagnostics.iter().filter(|d| d.is_error());
        self.diagnostics.extend(errors.cloned());
        (parsed.program, resolution)
    }

    fn compile_import(
        &mut self,
        from: FileId,
        directory: &Path,
        specifier: &str,
        span: prism_span::Span,
    ) -> Option<usize> {
        if let Some(name) = specifier.strip_prefix("std/") {
            return self.compile_std(from, name, specifier, span);
        }
        let Some(path) = self.resolve_specifier(directory, specifier) else {
            let tried = candidates(directory, specifier, &self.roots);
            let mut diagnostic =
                Diagnostic::error("E0501", format!("cannot resolve module '{specifier}'"))
                    .with_primary(from, span, "not found");
            if !tried.is_empty() {
                let list: Vec<String> = tried
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect();
                diagnostic = diagnostic.with_note(format!("tried: {}", list.join(", ")));
            }
            self.diagnostics.push(diagnostic);
            return None;
        };
        let key = canonical(&path);
        if let Some(position) = self.visiting.iter().position(|seen| *seen == key) {
            let mut chain: Vec<String> = self.visiting[position..]
                .iter()
                .map(|path| file_name(path))
                .collect();
            chain.push(file_name(&key));
            self.diagnostics.push(
                Diagnostic::error("E0504", format!("import cycle: {}", chain.join(" → ")))
                    .with_primary(from, span, "cycle"),
            );
            return None;
        }
        if let Some(index) = self.by_path.get(&key) {
            return Some(*index);
        }
        let bytes = match self.loader.read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.diagnostics.push(
                    Diagnostic::error("E0501", format!("cannot resolve module '{specifier}'"))
                        .with_primary(from, span, "not found")
                        .with_note(error.to_string()),
                );
                return None;
            }
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = crate::loader::display_path(&normalise(&path), &cwd);
        let (file, invalid) = add_source(&mut self.files, shown, bytes);
        if let Some(diagnostic) = invalid {
            self.diagnostics.push(diagnostic);
            return None;
        }
        // A module's header is validated but not used (runtime §3.3).
        read_file_header(&self.files, file, &mut self.diagnostics);
        let module_directory = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.compile_unit(file, key, &module_directory, UnitSource::Module)
    }

    /// `std/NAME` (language §13.2 rule 1): a bundled module, or `E0506`.
    fn compile_std(
        &mut self,
        from: FileId,
        name: &str,
        specifier: &str,
        span: prism_span::Span,
    ) -> Option<usize> {
        let key = PathBuf::from(format!("<{specifier}>"));
        if let Some(index) = self.by_path.get(&key) {
            return Some(*index);
        }
        let Some(source) = crate::run_std::std_module(name) else {
            self.diagnostics.push(
                Diagnostic::error("E0506", format!("unknown standard module '{specifier}'"))
                    .with_primary(from, span, "not a standard module"),
            );
            return None;
        };
        // Displayed as `std/NAME.prism` (cli §2.2), as `prism check` shows it.
        let file = self.files.add(format!("{specifier}.prism"), source);
        self.compile_unit(file, key, Path::new("."), UnitSource::Module)
    }

    /// Language §13.2 for relative, absolute and bare specifiers.
    fn resolve_specifier(&self, directory: &Path, specifier: &str) -> Option<PathBuf> {
        candidates(directory, specifier, &self.roots)
            .into_iter()
            .find(|path| self.loader.is_file(path))
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The path the module rules of language §13 see for a unit: its file, or a name in the working
/// directory for a program given as text (its relative imports resolve from there, as `run`
/// resolves them). Bundled `std/` modules are not checked again.
fn module_path_of(key: &Path, directory: &Path) -> Option<PathBuf> {
    let shown = key.to_string_lossy();
    if shown == "<main>" {
        Some(directory.join("<main>"))
    } else if shown.starts_with("<std/") {
        None
    } else {
        Some(key.to_path_buf())
    }
}

/// `E0212`: `return` at the top level of a module (language §8.8), looking through blocks and
/// control statements but not into functions.
fn top_level_returns(statement: &ast::Stmt, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let mut check = |inner: &ast::Stmt| top_level_returns(inner, file, diagnostics);
    match &statement.kind {
        ast::StmtKind::Return(_) => {
            let diagnostic = Diagnostic::error(
                "E0212",
                "`return` is not allowed at the top level of a module",
            )
            .with_primary(file, statement.span, "module top level");
            diagnostics.push(diagnostic);
        }
        ast::StmtKind::Block(block) => block.body.iter().for_each(check),
        ast::StmtKind::If {
            consequent,
            alternate,
            ..
        } => {
            check(consequent);
            if let Some(alternate) = alternate {
                check(alternate);
            }
        }
        ast::StmtKind::While { body, .. } | ast::StmtKind::DoWhile { body, .. } => check(body),
        ast::StmtKind::For(header) => check(&header.body),
        ast::StmtKind::ForIn(header) => check(&header.body),
        ast::StmtKind::Uncertain(uncertain) => uncertain
            .branches
            .iter()
            .flat_map(|branch| branch.body.body.iter())
            .for_each(check),
        ast::StmtKind::Try(try_stmt) => {
            let blocks = std::iter::once(&try_stmt.block)
                .chain(&try_stmt.handler)
                .chain(&try_stmt.finalizer);
            blocks.flat_map(|block| block.body.iter()).for_each(check);
        }
        ast::StmtKind::Context(context) => context.body.body.iter().for_each(check),
        _ => {}
    }
}

//! Module loading for the check phase (language §1.2 phase 5, §13): the `E05xx` diagnostics of
//! one file's imports and exports, found by following its import graph through a
//! [`SourceLoader`] — the file system for `prism check`, open editor buffers over it for the
//! language server — and the bundled `std/` modules.
//!
//! Every diagnostic returned lies in the checked file: an import that names no module (`E0501`,
//! `E0506`), a name its module does not export (`E0502`, `E0503`, `E0505` when two `export *`
//! provide it), an import that leads back to the file (`E0504`) and an export name given twice
//! (`E0505`). Problems inside an imported module are that module's own diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast;

use crate::import_links::{read_module, Link, Module};
use crate::loader::SourceLoader;
use crate::modules::{candidates, normalise, ModuleRoots};
use crate::std_modules::std_module;

/// At most this many modules are read for one check; imports past it count as found. It also
/// bounds the depth of [`Graph::export_names`]' recursion (each module is visited once).
const MAX_MODULES: usize = 500;

/// Where a module comes from: a file (by normalised path) or a bundled `std/` module.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ModuleKey {
    File(PathBuf),
    Std(String),
}

impl ModuleKey {
    /// The name shown in an `E0504` chain.
    fn short_name(&self) -> String {
        match self {
            ModuleKey::File(path) => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            ModuleKey::Std(name) => format!("std/{name}.prism"),
        }
    }
}

/// Why a specifier names no module.
enum Unresolved {
    /// `E0501`, with the candidate paths tried.
    Missing(Vec<PathBuf>),
    /// `E0506`.
    UnknownStd,
}

/// The import graph reachable from one file.
struct Graph<'l> {
    loader: &'l dyn SourceLoader,
    roots: &'l ModuleRoots,
    modules: HashMap<ModuleKey, Module>,
    /// Modules this graph read and parsed itself (not found in a [`ModuleCache`]).
    loaded: usize,
}

/// What [`module_diagnostics_cached`] learnt of the modules it read, kept between calls so that
/// each module is read and parsed once: valid while the files do not change and the roots stay
/// the same, as during one `prism run` (the cache empties itself if the roots change).
#[derive(Default)]
pub struct ModuleCache {
    roots: ModuleRoots,
    modules: HashMap<ModuleKey, Module>,
}

impl Graph<'_> {
    /// The module `specifier` names from a file in `directory` (`None`: no directory, as for an
    /// unsaved buffer, where relative specifiers resolve against nothing on disk).
    fn resolve(&self, directory: Option<&Path>, specifier: &str) -> Result<ModuleKey, Unresolved> {
        if let Some(name) = specifier.strip_prefix("std/") {
            return match std_module(name) {
                Some(_) => Ok(ModuleKey::Std(name.to_string())),
                None => Err(Unresolved::UnknownStd),
            };
        }
        let tried = match directory {
            Some(directory) => candidates(directory, specifier, self.roots),
            None if specifier.starts_with('/') => candidates(Path::new("/"), specifier, self.roots),
            None => Vec::new(),
        };
        tried
            .iter()
            .map(|path| normalise(path))
            .find(|path| self.loader.is_file(path))
            .map(ModuleKey::File)
            .ok_or(Unresolved::Missing(tried))
    }

    /// Reads and parses `key` and every module reachable from it (a work list, not recursion, so
    /// long import chains cannot exhaust the stack).
    fn load(&mut self, key: &ModuleKey) {
        let mut pending = vec![key.clone()];
        while let Some(key) = pending.pop() {
            if self.modules.contains_key(&key) || self.loaded >= MAX_MODULES {
                continue;
            }
            self.loaded += 1;
            let text = match &key {
                ModuleKey::Std(name) => std_module(name).map(str::to_string),
                ModuleKey::File(path) => self
                    .loader
                    .read(path)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok()),
            };
            // A module that cannot be read or decoded exports nothing; its own check says why.
            let parsed = prism_syntax::parse(text.as_deref().unwrap_or(""), FileId(0));
            let directory = match &key {
                ModuleKey::File(path) => path.parent().map(Path::to_path_buf),
                ModuleKey::Std(_) => None,
            };
            let mut module = read_module(&parsed.program);
            module.targets = module
                .links
                .iter()
                .map(|link| self.resolve(directory.as_deref(), &link.specifier).ok())
                .collect();
            pending.extend(module.targets.iter().flatten().cloned());
            self.modules.insert(key, module);
        }
    }

    /// The names `key` exports, each with the modules its `export *` sources gave it from (empty
    /// for its own exports); a name from two different origins and none of its own is ambiguous.
    /// Modules already in `seen` export nothing more.
    fn export_names(
        &self,
        key: &ModuleKey,
        seen: &mut HashSet<ModuleKey>,
    ) -> HashMap<String, Vec<ModuleKey>> {
        let mut names: HashMap<String, Vec<ModuleKey>> = HashMap::new();
        let Some(module) = self.modules.get(key) else {
            return names;
        };
        if !seen.insert(key.clone()) {
            return names;
        }
        for (name, _) in &module.exports {
            names.insert(name.clone(), Vec::new());
        }
        for (link, target) in module.links.iter().zip(&module.targets) {
            let Some(target) = target else { continue };
            if !link.star {
                continue;
            }
            for (name, origins) in self.export_names(target, seen) {
                if name == "default" || names.get(&name).is_some_and(Vec::is_empty) {
                    continue;
                }
                let origin = match origins.as_slice() {
                    [] => target.clone(),
                    _ => origins[0].clone(),
                };
                let entry = names.entry(name).or_default();
                if !entry.contains(&origin) {
                    entry.push(origin);
                }
            }
        }
        // `key` stays in `seen`: reached again through another `export *`, it gives the same
        // names from the same origins, so each module is read once per query (no blow-up on
        // diamond-shaped graphs).
        names
    }

    /// The chain from `start` back to `goal`, if `goal` is reachable (breadth-first: shortest).
    fn path_back(&self, start: &ModuleKey, goal: &ModuleKey) -> Option<Vec<ModuleKey>> {
        let mut previous: HashMap<ModuleKey, ModuleKey> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        let mut seen = HashSet::from([start.clone()]);
        while let Some(key) = queue.pop_front() {
            if key == *goal {
                let mut chain = vec![key];
                while let Some(before) = previous.get(chain.last()?) {
                    chain.push(before.clone());
                }
                chain.reverse();
                return Some(chain);
            }
            let Some(module) = self.modules.get(&key) else {
                continue;
            };
            for target in module.targets.iter().flatten() {
                if seen.insert(target.clone()) {
                    previous.insert(target.clone(), key.clone());
                    queue.push_back(target.clone());
                }
            }
        }
        None
    }
}

/// The files `program` (parsed from `path`) imports directly, resolved as language §13.2 says;
/// bundled `std/` modules and specifiers that resolve to nothing are left out.
pub fn imported_files(
    loader: &dyn SourceLoader,
    program: &ast::Program,
    path: &Path,
    roots: &ModuleRoots,
) -> Vec<PathBuf> {
    let graph = Graph {
        loader,
        roots,
        modules: HashMap::new(),
        loaded: 0,
    };
    read_module(program)
        .links
        .iter()
        .filter_map(|link| match graph.resolve(path.parent(), &link.specifier) {
            Ok(ModuleKey::File(file)) => Some(file),
            _ => None,
        })
        .collect()
}

/// The `E05xx` diagnostics of `program`, the parsed text of `file`, found at `path` (`None` for
/// text without a file, such as an unsaved buffer). Imports are read through `loader`; bare
/// specifiers are looked up under `roots`.
pub fn module_diagnostics(
    loader: &dyn SourceLoader,
    program: &ast::Program,
    file: FileId,
    path: Option<&Path>,
    roots: &ModuleRoots,
) -> Vec<Diagnostic> {
    let mut cache = ModuleCache::default();
    module_diagnostics_cached(loader, program, file, path, roots, &mut cache)
}

/// [`module_diagnostics`] reusing, and adding to, what `cache` knows of the modules (`program`
/// itself is added too, so a file checked before its importers is never parsed again).
pub fn module_diagnostics_cached(
    loader: &dyn SourceLoader,
    program: &ast::Program,
    file: FileId,
    path: Option<&Path>,
    roots: &ModuleRoots,
    cache: &mut ModuleCache,
) -> Vec<Diagnostic> {
    if cache.roots != *roots {
        cache.roots = roots.clone();
        cache.modules.clear();
    }
    let mut graph = Graph {
        loader,
        roots,
        modules: std::mem::take(&mut cache.modules),
        loaded: 0,
    };
    let diagnostics = graph_diagnostics(&mut graph, program, file, path);
    cache.modules = graph.modules;
    diagnostics
}

/// The body of [`module_diagnostics_cached`], over `graph`.
fn graph_diagnostics(
    graph: &mut Graph<'_>,
    program: &ast::Program,
    file: FileId,
    path: Option<&Path>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut module = read_module(program);
    duplicate_exports(&module, file, &mut diagnostics);
    let directory = path.and_then(Path::parent);
    let mut targets = Vec::with_capacity(module.links.len());
    for link in &module.links {
        match graph.resolve(directory, &link.specifier) {
            Ok(key) => targets.push(Some(key)),
            Err(unresolved) => {
                diagnostics.push(unresolved_diagnostic(link, unresolved, file));
                targets.push(None);
            }
        }
    }
    module.targets = targets;
    let own_key = ModuleKey::File(path.map_or_else(|| PathBuf::from("<main>"), normalise));
    let links: Vec<(usize, ModuleKey)> = module
        .targets
        .iter()
        .enumerate()
        .filter_map(|(index, target)| Some((index, target.clone()?)))
        .collect();
    graph.modules.insert(own_key.clone(), module);
    for (_, target) in &links {
        graph.load(target);
    }
    let Some(module) = graph.modules.get(&own_key) else {
        return diagnostics;
    };
    for (index, target) in links {
        let Some(link) = module.links.get(index) else {
            continue;
        };
        if let Some(chain) = graph.path_back(&target, &own_key) {
            let names: Vec<String> = std::iter::once(&own_key)
                .chain(&chain)
                .map(ModuleKey::short_name)
                .collect();
            diagnostics.push(
                Diagnostic::error("E0504", format!("import cycle: {}", names.join(" → ")))
                    .with_primary(file, link.span, "cycle"),
            );
            continue;
        }
        let exported = graph.export_names(&target, &mut HashSet::new());
        for (name, name_span) in &link.names {
            let (diagnostic, label) = match exported.get(name) {
                Some(origins) if origins.len() > 1 => (
                    Diagnostic::error("E0505", format!("duplicate export '{name}'")).with_help(
                        format!(
                            "module '{}' gets '{name}' from more than one `export *`",
                            link.specifier
                        ),
                    ),
                    "exported more than once",
                ),
                Some(_) => continue,
                None if name == "default" => (
                    Diagnostic::error(
                        "E0503",
                        format!("module '{}' has no default export", link.specifier),
                    ),
                    "no default export",
                ),
                None => (
                    Diagnostic::error(
                        "E0502",
                        format!("module '{}' has no export named '{name}'", link.specifier),
                    ),
                    "not exported",
                ),
            };
            // The name is what is wrong, so it carries the primary label; the module it was
            // looked for in is shown beside it.
            diagnostics.push(
                diagnostic
                    .with_primary(file, *name_span, label)
                    .with_secondary(file, link.span, "by this module"),
            );
        }
    }
    diagnostics
}

fn unresolved_diagnostic(link: &Link, unresolved: Unresolved, file: FileId) -> Diagnostic {
    let specifier = &link.specifier;
    match unresolved {
        Unresolved::UnknownStd => {
            Diagnostic::error("E0506", format!("unknown standard module '{specifier}'"))
                .with_primary(file, link.span, "not a standard module")
        }
        Unresolved::Missing(tried) => {
            let diagnostic =
                Diagnostic::error("E0501", format!("cannot resolve module '{specifier}'"))
                    .with_primary(file, link.span, "not found");
            if tried.is_empty() {
                return diagnostic;
            }
            let list: Vec<String> = tried
                .iter()
                .map(|path| normalise(path).display().to_string())
                .collect();
            diagnostic.with_note(format!("tried: {}", list.join(", ")))
        }
    }
}

/// `E0505`: the same export name twice in one file.
fn duplicate_exports(module: &Module, file: FileId, diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, Span> = HashMap::new();
    for (name, span) in &module.exports {
        match first.get(name.as_str()) {
            Some(earlier) => diagnostics.push(
                Diagnostic::error("E0505", format!("duplicate export '{name}'"))
                    .with_primary(file, *span, "exported again")
                    .with_secondary(file, *earlier, "first exported here"),
            ),
            None => {
                first.insert(name, *span);
            }
        }
    }
}

#[cfg(test)]
#[path = "imports_tests.rs"]
mod tests;

//! Running programs with modules from in-memory files (language §13): import forms, live
//! bindings, evaluation order, and the loader's errors.

use std::path::PathBuf;

use prism_driver::loader::MemoryLoader;
use prism_driver::run::{run_with_loader, Backend, ProgramSource, RunOptions};

mod std_support;

use std_support::Lines;

/// Runs `/project/main.prism` among `files`; returns the printed lines, the final display and the
/// codes of error diagnostics (compile-time or runtime).
fn run(files: &[(&str, &str)]) -> (Vec<String>, Option<String>, Vec<&'static str>) {
    let ran = std_support::run_files(files, None);
    (ran.lines, ran.value, ran.codes)
}

#[test]
fn named_default_and_namespace_imports() {
    let (lines, value, codes) = run(&[
        ("main.prism", "import d, { twice as t } from \"./lib\"\nimport * as ns from \"./lib\"\n[d, t(4), ns.twice(1), ns.default]"),
        ("lib.prism", "export function twice(x) { x * 2 }\nexport default \"dflt\""),
    ]);
    assert_eq!(codes, Vec::<&str>::new());
    assert!(lines.is_empty());
    assert_eq!(value.as_deref(), Some("[\"dflt\", 8, 2, \"dflt\"]"));
}

#[test]
fn imports_are_live_and_modules_run_once_before_the_importer() {
    let (lines, value, codes) = run(&[
        ("main.prism", "import { count, bump } from \"./counter\"\nimport \"./counter\"\nbump()\nbump()\ncount"),
        ("counter.prism", "print(\"counter runs\")\nexport let count = 0\nexport function bump() { count += 1 }"),
    ]);
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(lines, vec!["counter runs".to_owned()]);
    assert_eq!(value.as_deref(), Some("2"));
}

#[test]
fn reexports_and_export_star() {
    let (_, value, codes) = run(&[
        ("main.prism", "import { a, b } from \"./hub\"\na + b"),
        (
            "hub.prism",
            "export { a } from \"./one\"\nexport * from \"./two\"",
        ),
        ("one.prism", "export const a = 1"),
        ("two.prism", "export const b = 2"),
    ]);
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(value.as_deref(), Some("3"));
}

#[test]
fn bare_specifiers_are_found_in_prism_modules_up_to_the_project_root() {
    let (_, value, codes) = run(&[
        ("main.prism", "import { add } from \"helpers/math\"\nimport { twice } from \"./src/user\"\n[add(1, 2), twice(5)]"),
        ("prism_modules/helpers/math/index.prism", "export function add(a, b) { a + b }"),
        // From `src/`, the walk finds `/project/prism_modules` one level up.
        ("src/user.prism", "import { add } from \"helpers/math\"\nexport function twice(x) { add(x, x) }"),
    ]);
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(value.as_deref(), Some("[3, 10]"));
    let (_, _, codes) = run(&[("main.prism", "import { add } from \"helpers/math\"")]);
    assert_eq!(codes, vec!["E0501"]);
}

#[test]
fn loader_errors() {
    let (_, _, codes) = run(&[("main.prism", "import { x } from \"./missing\"")]);
    assert_eq!(codes, vec!["E0501"]);
    let (_, _, codes) = run(&[
        ("main.prism", "import { x } from \"./a\""),
        ("a.prism", "import { y } from \"./b\"\nexport const x = 1"),
        ("b.prism", "import { x } from \"./a\"\nexport const y = 2"),
    ]);
    assert_eq!(codes, vec!["E0504"]);
    let (_, _, codes) = run(&[
        ("main.prism", "import { nope } from \"./a\""),
        ("a.prism", "export const x = 1"),
    ]);
    assert_eq!(codes, vec!["E0502"]);
    let (_, _, codes) = run(&[
        ("main.prism", "import d from \"./a\""),
        ("a.prism", "export const x = 1"),
    ]);
    assert_eq!(codes, vec!["E0503"]);
    let (_, _, codes) = run(&[("main.prism", "import \"./a\""), ("a.prism", "return 1")]);
    assert_eq!(codes, vec!["E0212"]);
}

/// Language §13.4: an export name given twice, and a name two `export *` both provide, stop the
/// run as they fail `prism check` (`E0505`).
#[test]
fn duplicate_exports_stop_the_run() {
    let (lines, _, codes) = run(&[
        ("main.prism", "import { a } from \"./m\"\nprint(a)"),
        (
            "m.prism",
            "export const a = 1\nconst b = 2\nexport { b as a }",
        ),
    ]);
    assert_eq!(codes, vec!["E0505"]);
    assert!(lines.is_empty());
    let (lines, _, codes) = run(&[
        ("main.prism", "import { x } from \"./both\"\nprint(x)"),
        ("both.prism", "export * from \"./p\"\nexport * from \"./q\""),
        ("p.prism", "export const x = 1"),
        ("q.prism", "export const x = 2"),
    ]);
    assert_eq!(codes, vec!["E0505"]);
    assert!(lines.is_empty());
}

#[test]
fn an_error_in_a_module_names_its_frame() {
    let mut loader = MemoryLoader::new();
    loader.insert("/project/main.prism", b"import \"./bad\"\n".to_vec());
    loader.insert(
        "/project/bad.prism",
        b"let n = JSON.parse(\"null\")\nn.x\n".to_vec(),
    );
    let options = RunOptions {
        source: ProgramSource::File(PathBuf::from("/project/main.prism")),
        input: None,
        backend: Backend::Interp,
        seed: None,
        timeout_ms: None,
        virtual_clock: true,
        config: None,
        provider: None,
        interrupt: None,
    };
    let outcome = run_with_loader(&options, &loader, &mut Lines::default());
    let error = outcome.error.expect("the module fails");
    assert_eq!(error.code, "R0201");
    assert_eq!(
        error.stack.first().map(|frame| frame.function.as_str()),
        Some("<module>")
    );
}

/// A loader that counts the reads of each file.
struct CountingLoader {
    files: MemoryLoader,
    reads: std::cell::RefCell<std::collections::BTreeMap<PathBuf, usize>>,
}

impl prism_driver::loader::SourceLoader for CountingLoader {
    fn read(&self, path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        *self
            .reads
            .borrow_mut()
            .entry(path.to_path_buf())
            .or_default() += 1;
        self.files.read(path)
    }
    fn is_dir(&self, path: &std::path::Path) -> bool {
        self.files.is_dir(path)
    }
    fn read_dir(&self, path: &std::path::Path) -> std::io::Result<Vec<(String, bool)>> {
        self.files.read_dir(path)
    }
    fn is_file(&self, path: &std::path::Path) -> bool {
        self.files.is_file(path)
    }
}

#[test]
fn each_module_is_read_once_per_run() {
    let mut files = MemoryLoader::new();
    let sources = [
        (
            "main.prism",
            "import { a, b } from \"./hub\"\nimport { a as again } from \"./one\"\na + b + again",
        ),
        (
            "hub.prism",
            "export { a } from \"./one\"\nexport * from \"./two\"",
        ),
        ("one.prism", "export const a = 1"),
        (
            "two.prism",
            "import { a } from \"./one\"\nexport const b = a + 1",
        ),
    ];
    for (name, text) in sources {
        files.insert(
            PathBuf::from("/project").join(name),
            text.as_bytes().to_vec(),
        );
    }
    let loader = CountingLoader {
        files,
        reads: Default::default(),
    };
    let mut options = RunOptions::new(ProgramSource::File(PathBuf::from("/project/main.prism")));
    options.backend = Backend::Interp;
    options.virtual_clock = true;
    let outcome = run_with_loader(&options, &loader, &mut Lines::default());
    assert!(outcome.compile_diagnostics.is_empty() && outcome.error.is_none());
    assert_eq!(
        outcome.value.map(|value| value.display).as_deref(),
        Some("4")
    );
    // The import and export checks reuse what the run parsed: no module is read a second time.
    let reads = loader.reads.borrow();
    for name in ["main.prism", "hub.prism", "one.prism", "two.prism"] {
        let path = PathBuf::from("/project").join(name);
        assert_eq!(reads.get(&path), Some(&1), "reads of {name}: {reads:?}");
    }
}

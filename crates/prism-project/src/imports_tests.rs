use super::*;
use crate::loader::MemoryLoader;

const MAIN: FileId = FileId(0);

/// `(code, message, text under the primary label)` of `text` checked as `/p/main.prism`.
fn check(loader: &MemoryLoader, text: &str) -> Vec<(&'static str, String, String)> {
    check_in(loader, text, &ModuleRoots::default())
}

/// [`check`] in a project whose bare specifiers are looked up under `roots`.
fn check_in(
    loader: &MemoryLoader,
    text: &str,
    roots: &ModuleRoots,
) -> Vec<(&'static str, String, String)> {
    let parsed = prism_syntax::parse(text, MAIN);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let path = Path::new("/p/main.prism");
    module_diagnostics(loader, &parsed.program, MAIN, Some(path), roots)
        .into_iter()
        .map(|diagnostic| {
            let span = diagnostic.primary().expect("a primary label").at.span;
            let under = text.get(span.range()).unwrap_or("").to_string();
            (diagnostic.code, diagnostic.message, under)
        })
        .collect()
}

fn loader(files: &[(&str, &str)]) -> MemoryLoader {
    let mut loader = MemoryLoader::new();
    for (path, text) in files {
        loader.insert(*path, *text);
    }
    loader
}

#[test]
fn missing_modules_and_unknown_standard_modules() {
    let found = check(
        &loader(&[]),
        "import { a } from \"./nope\"\nimport \"std/nope\"\n",
    );
    assert_eq!(
        found,
        [
            (
                "E0501",
                "cannot resolve module './nope'".into(),
                "\"./nope\"".into()
            ),
            (
                "E0506",
                "unknown standard module 'std/nope'".into(),
                "\"std/nope\"".into()
            ),
        ]
    );
}

#[test]
fn bare_specifiers_resolve_under_module_paths_then_prism_modules() {
    let files = loader(&[
        ("/p/vendor/rules.prism", "export let strict = true\n"),
        (
            "/p/prism_modules/helpers/math/index.prism",
            "export function add(a, b) { return a + b }\n",
        ),
    ]);
    let roots = ModuleRoots {
        paths: vec![PathBuf::from("/p/vendor")],
        project_root: Some(PathBuf::from("/p")),
    };
    let text = "import { strict } from \"rules\"\nimport { add } from \"helpers/math\"\n";
    assert!(check_in(&files, text, &roots).is_empty());
    // Without `[modules] paths`, `rules` is not found; the note lists every path tried.
    let found = check_in(&files, text, &ModuleRoots::default());
    assert_eq!(
        found,
        [(
            "E0501",
            "cannot resolve module 'rules'".into(),
            "\"rules\"".into()
        )]
    );
}

#[test]
fn imported_names_must_be_exported() {
    let files = loader(&[(
        "/p/lib/index.prism",
        "export let [x, { y }] = [1, { y: 2 }]\nexport function f() {}\n",
    )]);
    assert!(check(&files, "import { x, y, f } from \"./lib\"\n").is_empty());
    let found = check(&files, "import d, { z } from \"./lib\"\n");
    let codes: Vec<_> = found
        .iter()
        .map(|(code, message, _)| (*code, message.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("E0503", "module './lib' has no default export"),
            ("E0502", "module './lib' has no export named 'z'"),
        ]
    );
    // The primary label is on the name that is not exported, not on the module.
    let under: Vec<_> = found.iter().map(|(_, _, under)| under.as_str()).collect();
    assert_eq!(under, ["d", "z"]);
}

#[test]
fn star_exports_pass_names_on_and_two_stars_make_a_name_ambiguous() {
    let files = loader(&[
        (
            "/p/a.prism",
            "export const shared = 1\nexport const onlyA = 2\nexport default 3\n",
        ),
        ("/p/b.prism", "export const shared = 4\n"),
        (
            "/p/both.prism",
            "export * from \"./a\"\nexport * from \"./b\"\n",
        ),
    ]);
    assert!(check(&files, "import { onlyA } from \"./both\"\n").is_empty());
    let found = check(&files, "import d, { shared } from \"./both\"\n");
    let codes: Vec<_> = found.iter().map(|(code, _, _)| *code).collect();
    // `export *` never passes `default` on.
    assert_eq!(codes, ["E0503", "E0505"]);
}

#[test]
fn an_import_leading_back_to_the_file_is_a_cycle() {
    let files = loader(&[
        ("/p/main.prism", ""),
        ("/p/b.prism", "import \"./c\"\nexport const b = 1\n"),
        ("/p/c.prism", "import \"./main.prism\"\n"),
    ]);
    let found = check(&files, "import { b } from \"./b\"\n");
    assert_eq!(
        found,
        [(
            "E0504",
            "import cycle: main.prism → b.prism → c.prism → main.prism".into(),
            "\"./b\"".into()
        )]
    );
}

#[test]
fn the_same_export_name_twice_is_e0505() {
    let found = check(
        &loader(&[]),
        "let a = 1\nexport { a }\nexport const b = 2\nexport { b as a }\n",
    );
    assert_eq!(
        found,
        [("E0505", "duplicate export 'a'".into(), "a".into())]
    );
}

#[test]
fn standard_modules_resolve_with_their_exports() {
    let found = check(
        &loader(&[]),
        "import { nothingLikeThis } from \"std/patterns\"\n",
    );
    let codes: Vec<_> = found.iter().map(|(code, _, _)| *code).collect();
    assert_eq!(codes, ["E0502"]);
}

#[test]
fn diamonds_of_star_exports_are_not_ambiguous_and_stay_linear() {
    // Forty levels of two stars onto the same next level: the names all come from one origin.
    let mut files = vec![(
        "/p/m40.prism".to_string(),
        "export const deep = 1\n".to_string(),
    )];
    for level in 0..40 {
        let next = level + 1;
        let text = format!("export * from \"./m{next}\"\nexport * from \"./n{next}\"\n");
        files.push((format!("/p/m{level}.prism"), text));
        files.push((
            format!("/p/n{next}.prism"),
            format!("export * from \"./m{next}\"\n"),
        ));
    }
    let mut loader = MemoryLoader::new();
    for (path, text) in &files {
        loader.insert(path.as_str(), text.as_str());
    }
    assert!(check(&loader, "import { deep } from \"./m0\"\n").is_empty());
    let found = check(&loader, "import { shallow } from \"./m0\"\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "E0502");
}

#[test]
fn a_long_import_chain_is_followed_to_its_end() {
    let mut loader = MemoryLoader::new();
    for level in 0..400 {
        let next = level + 1;
        loader.insert(
            format!("/p/c{level}.prism"),
            format!("export * from \"./c{next}\"\n"),
        );
    }
    loader.insert("/p/c400.prism", "export const end = 1\n");
    assert!(check(&loader, "import { end } from \"./c0\"\n").is_empty());
}

//! The `prism` binary as a user sees it: exit codes (cli §2.3), usage errors, `check` in text and
//! JSON (cli §5), `--version` (cli §12). Outputs are snapshots; each was checked against the spec.

use std::path::{Path, PathBuf};

mod support;

use support::prism_in as prism;

fn fixtures() -> PathBuf {
    support::fixtures("")
}

#[test]
fn check_reports_every_syntax_error_and_exits_2() {
    let outcome = prism(&fixtures(), &["check", "three-errors.prism"]);
    assert_eq!(outcome.code, 2);
    assert_eq!(
        outcome.stderr.matches("\nerror[E").count()
            + usize::from(outcome.stderr.starts_with("error[E")),
        3
    );
    assert!(outcome
        .stderr
        .ends_with("checked 1 file: 3 errors, 0 warnings\n"));
    insta::assert_snapshot!(outcome.document());
}

#[test]
fn check_json_lists_files_diagnostics_and_summary() {
    let outcome = prism(
        &fixtures(),
        &["check", "--format", "json", "three-errors.prism"],
    );
    assert_eq!(outcome.code, 2);
    assert_eq!(outcome.stderr, "");
    let document: serde_json::Value =
        serde_json::from_str(&outcome.stdout).expect("one JSON document");
    let keys: Vec<&str> = document
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["ok", "files", "diagnostics", "summary"]);
    insta::assert_snapshot!(outcome.stdout);
}

#[test]
fn check_searches_directories_in_path_order() {
    let outcome = prism(&fixtures(), &["check", "check", "--format=json"]);
    let document: serde_json::Value =
        serde_json::from_str(&outcome.stdout).expect("one JSON document");
    let paths: Vec<&str> = document["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|file| file["path"].as_str())
                .collect()
        })
        .unwrap_or_default();
    // `.hidden` and `target` directories are skipped (cli §2.2).
    assert_eq!(
        paths,
        ["check/clean.prism", "check/nested/unknown-name.prism"]
    );
    assert_eq!(document["summary"]["files"], 2);
}

#[test]
fn check_without_errors_exits_0() {
    let outcome = prism(&fixtures().join("check"), &["check", "clean.prism"]);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (0, "checked 1 file: 0 errors, 0 warnings\n")
    );
}

#[test]
fn usage_errors_exit_64_with_the_synopsis() {
    let cases: [(&[&str], &str); 6] = [
        (&["check", "missing.prism"], "error: cannot read 'missing.prism': no such file or directory\nusage: prism check [OPTIONS] [PATH...]\n"),
        (&["run", "missing.prism"], "error: cannot read 'missing.prism': no such file or directory\nusage: prism run [OPTIONS] FILE\n"),
        (&["run", "--colour", "never", "x.prism"], "error: unknown option '--colour'\nusage: prism run [OPTIONS] FILE\n"),
        (&["check", "--color", "sometimes"], "error: invalid value 'sometimes' for '--color': expected auto, always or never\nusage: prism check [OPTIONS] [PATH...]\n"),
        (&["run", "--backend=fast", "-e", "1"], "error: invalid value 'fast' for '--backend': expected auto, interp or jit\nusage: prism run [OPTIONS] FILE\n"),
        (&["launch"], "error: unknown command 'launch'\nusage: prism COMMAND [OPTIONS] [ARGS...]\n"),
    ];
    for (args, stderr) in cases {
        let outcome = prism(&fixtures(), args);
        assert_eq!(
            (
                outcome.code,
                outcome.stderr.as_str(),
                outcome.stdout.as_str()
            ),
            (64, stderr, ""),
            "{args:?}"
        );
    }
}

#[test]
fn invalid_input_is_a_compile_time_failure() {
    let outcome = prism(
        &fixtures().join("check"),
        &["run", "clean.prism", "--input", "{oops"],
    );
    assert_eq!(outcome.code, 2);
    assert!(outcome
        .stderr
        .starts_with("error[E0801]: --input is not valid JSON: "));
    assert!(outcome
        .stderr
        .ends_with("\n\nerror: could not run clean.prism due to 1 error\n"));
}

#[test]
fn version_names_the_backends() {
    let outcome = prism(&fixtures(), &["--version"]);
    assert_eq!(outcome.code, 0);
    assert_eq!(
        outcome.stdout,
        format!(
            "prism {}\nbackends: interp, jit\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn the_examples_check_clean() {
    let outcome = prism(&examples(), &["check"]);
    assert_eq!(
        (outcome.code, outcome.stderr.contains("0 errors")),
        (0, true),
        "{}",
        outcome.stderr
    );
}

#[test]
fn the_readme_example_runs() {
    let outcome = prism(&examples(), &["run", "hello.prism"]);
    insta::assert_snapshot!(outcome.document());
}

#[test]
fn the_examples_are_formatted() {
    let outcome = prism(&examples(), &["fmt", "--check"]);
    assert_eq!(
        (outcome.code, outcome.stdout.as_str()),
        (0, ""),
        "{}",
        outcome.stderr
    );
}

#[test]
fn fmt_check_lists_unformatted_files_and_stdout_prints_the_layout() {
    let fmt = fixtures().join("fmt");
    let check = prism(&fmt, &["fmt", "--check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (1, "messy.prism\n", "")
    );
    let printed = prism(&fmt, &["fmt", "--stdout", "messy.prism"]);
    assert_eq!(printed.code, 0);
    insta::assert_snapshot!(printed.stdout);
    let broken = prism(&fixtures(), &["fmt", "--check", "three-errors.prism"]);
    assert_eq!((broken.code, broken.stdout.as_str()), (2, ""));
    assert!(broken.stderr.starts_with("error[E0202]"));
}

#[test]
fn check_validates_the_project_configuration() {
    let outcome = prism(&fixtures().join("config"), &["check"]);
    assert_eq!(outcome.code, 2);
    insta::assert_snapshot!(outcome.document());
}

/// `prism check` and `prism run` read the project's `prism.toml` the same way: `[modules] paths`
/// for bare specifiers (language §13.2) and `[runtime] compat` for the legacy globals (runtime §15).
#[test]
fn check_and_run_use_the_module_paths_and_mode_of_prism_toml() {
    let dir = std::env::temp_dir().join(format!("prism-cli-project-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("lib/rules")).expect("temp dir");
    std::fs::create_dir_all(dir.join("legacy")).expect("temp dir");
    std::fs::write(dir.join("prism.toml"), "[modules]\npaths = [\"lib\"]\n").expect("write");
    std::fs::write(
        dir.join("lib/rules/index.prism"),
        "export const limit = 3\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("main.prism"),
        "import { limit } from \"rules\"\nprint(limit + 1)\n",
    )
    .expect("write");
    let outcome = prism(&dir, &["check", "main.prism"]);
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (0, "checked 2 files: 0 errors, 0 warnings\n")
    );
    let outcome = prism(&dir, &["run", "-q", "main.prism"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (0, "4\n"));
    // A Parallax project: its legacy globals are defined for `check` without `--compat`.
    std::fs::write(
        dir.join("legacy/prism.toml"),
        "[runtime]\ncompat = \"parallax\"\n",
    )
    .expect("write");
    std::fs::write(dir.join("legacy/old.prism"), "print(agentCount)\n").expect("write");
    let outcome = prism(&dir.join("legacy"), &["check", "old.prism"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let outcome = prism(
        &dir.join("legacy"),
        &["check", "--compat", "none", "old.prism"],
    );
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A runtime error raised inside a task and rethrown by `await` is reported where it was raised
/// (cli §3.4), with the task's frames before the frames of the code that awaited it.
#[test]
fn an_awaited_task_failure_points_where_it_was_raised() {
    let code = "async function inner() {\n  let o = JSON.parse(\"null\")\n  return o.x\n}\n\
                let t = inner()\nawait t\n";
    for backend in ["interp", "jit"] {
        let outcome = prism(&fixtures(), &["run", "--backend", backend, "-e", code]);
        assert_eq!(outcome.code, 1);
        assert_eq!(
            outcome.stderr,
            "error[R0201]: cannot read property 'x' of null\n --> <eval>:3:10\n  |\n\
             3 |   return o.x\n  |          ^^^ TypeError\n  |\n\
             \x20 = note: at inner (<eval>:3:10)\n  = note: at <main> (<eval>:6:1)\n\n",
            "{backend}"
        );
    }
}

/// cli §2.2: `-` as FILE is standard input, shown as `<stdin>`.
#[test]
fn tokens_and_ast_read_standard_input_for_dash() {
    let outcome = support::prism_with_stdin(&fixtures(), &["tokens", "-"], "let x = (\n");
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome.stdout.starts_with("1:1 Keyword \"let\"\n"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.ends_with("2:1 Eof \"\"\n"),
        "{}",
        outcome.stdout
    );
    assert_eq!(outcome.stderr, "");
    let outcome = support::prism_with_stdin(&fixtures(), &["ast", "-"], "let x = (\n");
    assert_eq!(outcome.code, 2);
    assert!(
        outcome.stdout.starts_with("{\n  \"type\": \"Program\""),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stderr.contains(" --> <stdin>:1:10\n"),
        "{}",
        outcome.stderr
    );
}

/// cli §6.1: `--check` changes nothing and writes nothing but the names of unformatted files,
/// standard input included.
#[test]
fn fmt_check_of_standard_input_lists_it_when_unformatted() {
    let outcome = support::prism_with_stdin(&fixtures(), &["fmt", "--check", "-"], "let x=1\n");
    assert_eq!((outcome.code, outcome.stdout.as_str()), (1, "<stdin>\n"));
    let outcome = support::prism_with_stdin(&fixtures(), &["fmt", "--check", "-"], "let x = 1\n");
    assert_eq!((outcome.code, outcome.stdout.as_str()), (0, ""));
    let outcome = support::prism_with_stdin(&fixtures(), &["fmt", "-"], "let x=1\n");
    assert_eq!((outcome.code, outcome.stdout.as_str()), (0, "let x = 1\n"));
}

/// cli §2.2: a bundled module is displayed as `std/NAME.prism`, by `run` as by `check`.
#[test]
fn bundled_modules_are_shown_as_std_name_dot_prism() {
    let code = "import { retry } from \"std/patterns\"\nretry(5)\n";
    let outcome = prism(&fixtures(), &["run", "-e", code]);
    assert_eq!(outcome.code, 1);
    assert!(
        outcome.stderr.contains("--> std/patterns.prism:"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome
            .stderr
            .contains("= note: at retry (std/patterns.prism:"),
        "{}",
        outcome.stderr
    );
}

/// cli §2.2: the program's path is shown relative to the current directory when the file is
/// inside it, otherwise absolute, however it was written on the command line.
#[test]
fn run_shows_the_program_path_relative_inside_the_current_directory_else_absolute() {
    let root = std::env::temp_dir().join(format!("prism-cli-paths-{}", std::process::id()));
    let inner = root.join("inner");
    std::fs::create_dir_all(&inner).expect("create the directories");
    // The current directory a process sees is canonical; so is the path shown.
    let root = std::fs::canonicalize(&root).expect("canonical root");
    let inner = root.join("inner");
    let file = root.join("fails.prism");
    std::fs::write(&file, "JSON.parse(\"null\").x\n").expect("write the program");
    let absolute = file.to_string_lossy().into_owned();
    for (cwd, argument, shown) in [
        (&root, absolute.as_str(), "fails.prism".to_owned()),
        (&root, "./inner/../fails.prism", "fails.prism".to_owned()),
        (&inner, "../fails.prism", absolute.clone()),
    ] {
        let outcome = prism(cwd, &["run", argument]);
        assert_eq!(outcome.code, 1);
        let expected = format!(" --> {shown}:1:1\n");
        assert!(
            outcome.stderr.contains(&expected),
            "{argument}: {}",
            outcome.stderr
        );
    }
    std::fs::remove_dir_all(&root).expect("remove the directories");
}

/// cli §2.2 for `check`: `-` is standard input, shown as `<stdin>`, checked beside the other
/// PATHs, with its relative imports resolved from the current directory.
#[test]
fn check_reads_standard_input_for_dash() {
    let source = "let y = )\nlet z = 1 +\n";
    let outcome = support::prism_with_stdin(&fixtures(), &["check", "-"], source);
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(" --> <stdin>:1:9\n")
            && outcome.stderr.contains(" --> <stdin>:2:12\n"),
        "{}",
        outcome.stderr
    );
    assert!(outcome
        .stderr
        .ends_with("checked 1 file: 2 errors, 0 warnings\n"));

    let importing = "import { missing } from \"./no-such-module\"\nprint(missing)\n";
    let outcome = support::prism_with_stdin(&fixtures(), &["check", "-"], importing);
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("error[E05"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(" --> <stdin>:1:"),
        "{}",
        outcome.stderr
    );

    let outcome = support::prism_with_stdin(&fixtures(), &["check", "-", "-"], "let a = 1\n");
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome
        .stderr
        .ends_with("checked 1 file: 0 errors, 0 warnings\n"));
}

/// cli §12 takes no arguments: anything after `--version` is a usage error, not ignored.
#[test]
fn version_refuses_extra_arguments() {
    let outcome = prism(&fixtures(), &["--version", "extra"]);
    assert_eq!(outcome.code, 64);
    assert!(outcome
        .stderr
        .starts_with("error: unexpected argument 'extra'\n"));
    assert_eq!(outcome.stdout, "");
}

/// cli §2.1 for `lsp`: a `--config` that cannot be read is a configuration error before serving.
#[test]
fn lsp_refuses_a_config_it_cannot_read() {
    let outcome = prism(&fixtures(), &["lsp", "--config", "no-such.toml"]);
    assert_eq!(outcome.code, 2);
    assert!(
        outcome
            .stderr
            .starts_with("error[E0708]: cannot read 'no-such.toml'"),
        "{}",
        outcome.stderr
    );
}

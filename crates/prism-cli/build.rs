//! Link settings of the `prism` executable that make it start faster and touch less memory
//! (docs/decisions.md, "The executable's code is ordered by use"). Each applies only where the
//! toolchain is known to support it; elsewhere the executable links as usual.

use std::path::{Path, PathBuf};
use std::process::Command;

// Shared with prism-bench, which also writes the recorded fingerprint; the build only reads it.
#[allow(dead_code)]
#[path = "link/fingerprint.rs"]
mod fingerprint;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=link/hot-functions.txt");
    println!("cargo:rerun-if-changed=link/hot-functions.inputs");
    println!("cargo:rerun-if-changed=../../Cargo.lock");
    println!("cargo:rerun-if-changed=../../Cargo.toml");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("TARGET") != var("HOST") || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    if var("CARGO_CFG_TARGET_OS") == "linux" && glibc_has_packed_relocations() {
        // A position-independent executable carries one relocation per pointer in its read-only
        // data (about 20,000 here), which the loader applies at every start. Packed (DT_RELR)
        // they take 5 KB instead of 500 KB.
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    let rustc_version = rustc_version();
    if links_with_rust_lld(&var, &rustc_version) {
        // The functions common commands run, side by side: the kernel maps code 64 KB at a time
        // around each page it faults in, so scattered hot functions cost several megabytes of
        // resident memory and hundreds of page faults.
        let link = Path::new(&var("CARGO_MANIFEST_DIR")).join("link");
        let list = std::fs::read_to_string(link.join("hot-functions.txt")).unwrap_or_default();
        let out_dir = PathBuf::from(var("OUT_DIR"));
        if !list.is_empty() {
            warn_if_stale(&link, &rustc_version);
            if let Ok((ordering, script)) = write_link_files(&list, &out_dir) {
                println!(
                    "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
                    ordering.display()
                );
                // Names of a stale list only cost their ordering, never the link.
                println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
                println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", script.display());
            }
        }
    }
}

/// The linker's inputs for the list: most functions are placed by name (an ordering file), but
/// ThinLTO gives each local function it shares between units a `.llvm.<hash>` suffix whose hash
/// covers the build's absolute paths, so a checkout in another directory names them
/// differently. Those are placed by a linker script that matches their sections up to the
/// suffix, in a section just before the rest of the code.
fn write_link_files(list: &str, out_dir: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    let (promoted, exact): (Vec<&str>, Vec<&str>) = list
        .lines()
        .filter(|name| !name.is_empty())
        .partition(|name| name.contains(".llvm."));
    let ordering = out_dir.join("hot-functions.order");
    std::fs::write(&ordering, exact.join("\n"))?;
    let mut script = String::from("SECTIONS {\n  .text.hot : {\n");
    for name in promoted {
        // `$` (in `$LT$` and the like) does not match itself in LLD's patterns; `?` does.
        let stem = name
            .split(".llvm.")
            .next()
            .unwrap_or(name)
            .replace('$', "?");
        // LLVM puts cold functions (`#[cold]`, such as `RawVec`'s `finish_grow`) in
        // `.text.unlikely.` sections.
        script.push_str(&format!(
            "    *(.text.{stem}.llvm.* .text.unlikely.{stem}.llvm.*)\n"
        ));
    }
    script.push_str("  }\n}\nINSERT BEFORE .text;\n");
    let script_path = out_dir.join("hot-functions.ld");
    std::fs::write(&script_path, script)?;
    Ok((ordering, script_path))
}

/// A list generated for other dependencies, build profiles or another compiler names functions
/// the executable no longer has: the link works, but the code is not ordered.
fn warn_if_stale(link: &Path, rustc_version: &str) {
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    let root = link.join("../../..");
    let current = fingerprint::build_inputs(
        &read(&root.join("Cargo.lock")),
        &read(&root.join("Cargo.toml")),
    );
    let inputs = read(&link.join(fingerprint::INPUTS_FILE));
    let stale_because = if fingerprint::recorded(&inputs, "build-inputs") != Some(current.as_str())
    {
        Some("Cargo.lock or a build profile changed")
    } else if fingerprint::recorded(&inputs, "compiler") != Some(rustc_version) {
        Some("it was generated with another compiler")
    } else {
        None
    };
    if let Some(reason) = stale_because {
        println!(
            "cargo:warning=crates/prism-cli/link/hot-functions.txt is stale ({reason}): \
             regenerate it with `cargo run --release -p prism-bench --bin hot-functions`"
        );
    }
}

/// Packed relocations need glibc 2.36 at run time; the build machine's is the one that counts.
fn glibc_has_packed_relocations() -> bool {
    let Ok(output) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text.trim().strip_prefix("glibc ").unwrap_or("");
    major_minor(version).is_some_and(|version| version >= (2, 36))
}

/// Since Rust 1.90, x86_64 Linux executables are linked by the toolchain's own LLD, which reads
/// a symbol ordering file; the system linker might not. A configured linker or linker flags
/// may change that, so any of them turns the ordering off.
fn links_with_rust_lld(var: &dyn Fn(&str) -> String, rustc_version: &str) -> bool {
    if var("TARGET") != "x86_64-unknown-linux-gnu" || !var("RUSTC_LINKER").is_empty() {
        return false;
    }
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    if ["linker", "link-self-contained", "link-arg"]
        .iter()
        .any(|flag| flags.contains(flag))
    {
        return false;
    }
    let version = rustc_version.split_whitespace().nth(1).unwrap_or("");
    major_minor(version).is_some_and(|version| version >= (1, 90))
}

/// `rustc --version` of the compiler cargo builds with (`rustc 1.95.0 (… 2026-04-14)`).
fn rustc_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    Command::new(rustc)
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The first two numbers of a dotted version (`2.36` → `(2, 36)`).
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split('.').map(|part| part.parse::<u32>().ok());
    Some((parts.next()??, parts.next()??))
}

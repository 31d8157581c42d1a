//! FILE and PATH arguments: `-` means standard input, shown as `<stdin>` (cli §2.2). One place
//! decides this for every command.

use std::io::Read;
use std::path::Path;

pub use prism_driver::check::STDIN_NAME;
use prism_driver::check::STDIN_PATH;
use prism_driver::loader::{display_path, FsLoader, SourceLoader};

pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN_PATH
}

pub fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The name a FILE argument is shown under (relative to `cwd` when inside it) and its bytes.
pub fn read_file_arg(path: &Path, cwd: &Path) -> (String, std::io::Result<Vec<u8>>) {
    if is_stdin(path) {
        (STDIN_NAME.to_string(), read_stdin())
    } else {
        (display_path(path, cwd), FsLoader.read(path))
    }
}

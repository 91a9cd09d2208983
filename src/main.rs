//! `casebook`: the desktop app, or a subcommand (see `casebook --help`).

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = casebook::cli::Cli::parse();
    let result = match cli.command {
        Some(command) => casebook::cli::run(command),
        None => open_app(cli.file),
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(err) => {
            eprintln!("casebook: {err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(file: Option<std::path::PathBuf>) -> anyhow::Result<i32> {
    casebook::ui::run(file)
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<std::path::PathBuf>) -> anyhow::Result<i32> {
    eprintln!(
        "casebook: this build has no desktop app (built without the `gui` feature); see `casebook --help`."
    );
    Ok(0)
}

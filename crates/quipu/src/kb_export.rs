//! `quipu export` and `quipu eval links`.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Geojson,
    Timeml,
    Timelinejs,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[arg(long, default_value = crate::kb_cli::DEFAULT_DB)]
    pub db: PathBuf,
}

pub fn export(_a: ExportArgs) -> Result<ExitCode> {
    anyhow::bail!("not yet")
}

pub fn eval_links(_gold: &Path, _db: Option<&Path>, _show: usize) -> Result<ExitCode> {
    anyhow::bail!("not yet")
}

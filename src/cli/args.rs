//! Every flag is declared once, here; `--help` is generated from these declarations.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "jxlint", version, about = "绩效自评报告检查工具 — a linter for performance self-evaluation reports")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查报告文件或文件夹（递归）
    Check(CheckArgs),
    /// 列出规则；--test 运行每条规则的示例
    Rules(RulesArgs),
    /// 显示一条规则的说明与示例
    Explain(ExplainArgs),
    /// 在当前文件夹写一个带中文注释的 jxlint.toml 起步配置
    Init(InitArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 图形化输出，标注到具体字符（终端默认）
    Pretty,
    /// 每条一行：path:line:col: severity[rule-id] message
    Concise,
    /// 一个 JSON 对象
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的文件或文件夹（默认当前文件夹）
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// 输出格式（默认：终端上为 pretty，否则为 concise）
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// 使用此配置文件（默认在被检查的文件夹及其上级中查找 jxlint.toml）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 忽略基线文件中已接受的发现，只报告新发现
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// 把本次的全部发现写入基线文件（JSON），不输出发现
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// 只运行这些规则（逗号分隔的规则 id）
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// 不运行这些规则（逗号分隔的规则 id）
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// 达到此严重程度的发现使退出码为 1
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_on: FailOn,
    /// 单个文件的大小上限（字节）
    #[arg(long, value_name = "BYTES", default_value_t = jxlint::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// 彩色输出
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 运行每条规则的 bad/good 示例并打印通过/失败表
    #[arg(long)]
    pub test: bool,
    /// 配置或规则文件（默认在当前文件夹及其上级中查找 jxlint.toml，否则用内置规则）
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则 id，例如 rate-mismatch
    pub rule: String,
    /// 配置或规则文件（默认在当前文件夹及其上级中查找 jxlint.toml）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 写入的文件（默认 ./jxlint.toml）
    #[arg(value_name = "FILE", default_value = "jxlint.toml")]
    pub file: PathBuf,
    /// 覆盖已有的文件
    #[arg(long)]
    pub force: bool,
}

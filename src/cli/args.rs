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
    /// 打印报告的提取文本与解析结果（标题层级、章节、表格、数量及其标签），用于排查某条发现
    Dump(DumpArgs),
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
    /// 使用此规则文件代替内置规则
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
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
    /// 规则文件（默认内置规则）
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则 id，例如 rate-mismatch
    pub rule: String,
    /// 规则文件（默认内置规则）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// 报告文件（.txt、.md 或 .docx）
    pub file: PathBuf,
    /// 单个文件的大小上限（字节）
    #[arg(long, value_name = "BYTES", default_value_t = jxlint::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

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
    /// 启动语言服务器（LSP，经标准输入输出），供编辑器实时检查
    Lsp(LspArgs),
    /// 在当前文件夹写一个带中文注释的 jxlint.toml 起步配置
    Init(InitArgs),
    /// 打印报告的提取文本与解析结果（标题层级、章节、表格、数量及其标签），用于排查某条发现
    Dump(DumpArgs),
    /// 打印 jxlint.toml 的 JSON Schema（供编辑器补全与校验；docs/jxlint.schema.json 即其输出）
    Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 图形化输出，标注到具体字符（终端默认）
    Pretty,
    /// 每条一行：path:line:col: severity[rule-id] message
    Concise,
    /// 一个 JSON 对象
    Json,
    /// 自包含的 HTML 审阅页面（概览、可排序的报告表、原文标注），配合 -o 使用
    Html,
    /// SARIF 2.1.0（代码扫描平台导入）
    Sarif,
    /// GitHub Actions 注释（::error file=…）
    Github,
    /// 每行一个 JSON 对象（字段同 json）
    Jsonl,
    /// reviewdog 诊断格式（rdjson）
    Rdjson,
    /// JUnit XML（CI 测试报告）
    Junit,
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
    /// 写入此文件而不是标准输出（原子写入；未指定 --format 时按扩展名 .html/.json 选择格式）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// 按规则统计问题数（从多到少）；pretty 格式输出到结果末尾，其他格式输出到标准错误
    #[arg(long)]
    pub statistics: bool,
    /// 自动修正可确定的问题并写回文件（保持原编码与权限），再报告剩余问题
    #[arg(long)]
    pub fix: bool,
    /// 以统一差异格式显示 --fix 将做的修改，不写文件（与 --fix 同时给出时也不写）
    #[arg(long)]
    pub diff: bool,
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
pub struct LspArgs {
    /// 使用此规则文件代替内置规则（文件改动后自动重新加载）
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

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// 报告文件（.txt、.md 或 .docx）
    pub file: PathBuf,
    /// 另列出找到的每个比率、合计及其运算数（来源、证据强弱、计算值与写明值是否相符）、未找到运算数的数值，以及各事实的陈述；规则取自报告所在目录向上最近的 jxlint.toml（若有）
    #[arg(long)]
    pub relations: bool,
    /// 与 --relations 一起使用的配置文件（默认从报告所在目录向上查找 jxlint.toml）
    #[arg(long, value_name = "FILE", requires = "relations")]
    pub config: Option<PathBuf>,
    /// 单个文件的大小上限（字节）
    #[arg(long, value_name = "BYTES", default_value_t = jxlint::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

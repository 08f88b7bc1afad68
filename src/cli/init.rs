//! `jxlint init`: writes a starting `jxlint.toml` whose Chinese comments explain each
//! section. Never overwrites an existing file without `--force`.

use super::args::InitArgs;
use super::{EXIT_ERROR, EXIT_OK};
use jxlint::config::TEMPLATE;

pub fn run(args: &InitArgs) -> u8 {
    let path = &args.file;
    if path.exists() && !args.force {
        eprintln!("jxlint: {} 已存在，未覆盖；确认要覆盖请加 --force", path.display());
        return EXIT_ERROR;
    }
    let tmp = path.with_extension("toml.tmp");
    match std::fs::write(&tmp, TEMPLATE).and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => {
            eprintln!(
                "jxlint: 已写入 {}。按注释修改后，用 `jxlint rules --test` 检验自定义规则，用 `jxlint check` 检查报告。",
                path.display()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            eprintln!("jxlint: 无法写入 {}：{e}", path.display());
            EXIT_ERROR
        }
    }
}

//! Writes a benchmark corpus of synthetic 绩效自评报告: `gen_corpus DIR N [SEED]`.
//!
//! Run with `cargo run --release --example gen_corpus -- target/corpus-1000 1000`. The
//! output depends only on N and the seed (see `corpus.rs` for what varies).

mod corpus;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("用法：gen_corpus 目标文件夹 报告数量 [随机种子]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(corpus::DEFAULT_SEED);
    let dir = Path::new(dir);
    let mut total = 0usize;
    for i in 0..n {
        let path = corpus::path_for(dir, i);
        let bytes = corpus::report_bytes(seed, i);
        total += bytes.len();
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("无法创建 {}：{e}", parent.display());
                std::process::exit(2);
            }
        }
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("无法写入 {}：{e}", path.display());
            std::process::exit(2);
        }
    }
    println!("{n} 份报告，共 {:.1} MB，写入 {}", total as f64 / 1_048_576.0, dir.display());
}

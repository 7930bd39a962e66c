//! Rasterises `assets/icon.svg` into the app icon (`assets/icon.png`,
//! 256 px, used for the window and packages). Run after editing the SVG:
//! `cargo run --example icon`; then remake the Windows icon from it, e.g.
//! `convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 assets/icon.ico`.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let svg = std::fs::read_to_string(root.join("icon.svg"))?;
    let png = detente::export::png_bytes(&svg, 1.0)?;
    detente::export::write_atomic(&root.join("icon.png"), &png)?;
    println!("wrote {}", root.join("icon.png").display());
    Ok(())
}

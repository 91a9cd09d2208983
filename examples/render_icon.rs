//! Renders `dist/icons/casebook.svg` to the PNG sizes the desktop needs (32–512 px), with the
//! same renderer the exports use. Run: `cargo run --release --no-default-features --example
//! render_icon` (from the repository root).
#![allow(clippy::expect_used)]

fn main() {
    let svg =
        std::fs::read_to_string("dist/icons/casebook.svg").expect("run from the repository root");
    for size in [32u32, 48, 64, 128, 256, 512] {
        let png = casebook::export::render::png_transparent(&svg, f64::from(size) / 512.0)
            .expect("the icon renders");
        let out = format!("dist/icons/casebook-{size}.png");
        std::fs::write(&out, png).expect("writes the PNG");
        println!("{out}");
    }
}

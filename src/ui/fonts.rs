//! The app's fonts: the bundled DejaVu Sans after egui's own, and the system's CJK font when
//! one is installed (looked for off the first frame in the desktop app).

use crate::export::fonts::{self, FallbackFont};

/// DejaVu Sans (bundled) as a fallback after egui's own fonts: it has the record-kind glyphs and
/// the symbols used in badges (★ ✔ ✖ ⚠ ☺ ⚑ ❝ §), which egui's default fonts lack. Then, once
/// found, the system's CJK font, so Chinese, Japanese and Korean names and quotes are readable.
pub fn install_fonts(ctx: &egui::Context, cjk: Option<&FallbackFont>) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu-sans".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    let mut fallbacks = vec!["dejavu-sans".to_owned()];
    if let Some(cjk) = cjk {
        fonts.font_data.insert(
            cjk.family.clone(),
            std::sync::Arc::new(egui::FontData::from_blob(cjk.data.clone(), cjk.index)),
        );
        fallbacks.push(cjk.family.clone());
    }
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .extend(fallbacks.iter().cloned());
    }
    ctx.set_fonts(fonts);
}

/// Looks for the system's CJK font on a background thread (once per process) and repaints when
/// it is known.
pub fn look_for_cjk_font(ctx: &egui::Context) {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("cjk-font".to_owned())
            .spawn(move || {
                fonts::cjk_fallback();
                ctx.request_repaint();
            });
        if spawned.is_err() {
            // No thread: look now rather than never.
            fonts::cjk_fallback();
        }
    });
}

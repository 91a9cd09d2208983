//! Fonts beyond the bundled DejaVu set.
//!
//! DejaVu covers Latin, Greek, Cyrillic, Arabic, Hebrew and many symbols, but no Chinese,
//! Japanese or Korean: an account name or a quote in those scripts would print as empty boxes.
//! So the system's fonts (scanned once per process) serve as fallbacks — in exports for any
//! character DejaVu lacks, and in the app for CJK text. The bundled fonts stay first, so a case
//! without such characters exports exactly as before, on every machine; system copies of the
//! bundled family are ignored for the same reason.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb::{Database, FaceInfo, ID, Style};

use super::svg::{FAMILY, FONT_BOLD, FONT_OBLIQUE, FONT_REGULAR};

/// A CJK fallback has all of these: Han, Hiragana, Hangul.
const CJK_PROBES: [char; 3] = ['中', 'あ', '한'];

/// The system's fonts, scanned once (fontconfig's folders: `/usr/share/fonts`, `~/.fonts`, …).
pub fn system() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = Database::new();
        db.load_system_fonts();
        db
    })
}

/// The font database exports render with: the bundled DejaVu Sans first (the default and
/// `sans-serif`), then the system's fonts for characters it lacks, the preferred CJK font first.
pub fn export_db() -> Arc<Database> {
    static DB: OnceLock<Arc<Database>> = OnceLock::new();
    Arc::clone(DB.get_or_init(|| {
        let mut db = Database::new();
        for font in [FONT_REGULAR, FONT_BOLD, FONT_OBLIQUE] {
            db.load_font_data(font.to_vec());
        }
        db.set_sans_serif_family(FAMILY);
        let system = system();
        let preferred = system_cjk_faces();
        let rest = system
            .faces()
            .map(|f| f.id)
            .filter(|id| !preferred.contains(id));
        for id in preferred.iter().copied().chain(rest) {
            if let Some(face) = system.face(id)
                && !face.families.iter().any(|(name, _)| name == FAMILY)
            {
                db.push_face_info(face.clone());
            }
        }
        Arc::new(db)
    }))
}

/// Picks the font for a character the fonts in use lack (usvg's fallback hook): among the faces
/// that have it, the closest in style and weight to the text's own font (bold titles stay
/// bold), ties going to the earlier face in [`export_db`]'s order (the preferred CJK variant).
pub fn select_fallback(c: char, used: &[ID], db: &mut Arc<Database>) -> Option<ID> {
    let base = used.first().and_then(|&id| db.face(id));
    let (style, weight) = base.map_or((Style::Normal, 400), |f| (f.style, f.weight.0));
    let mut best: Option<(u32, ID)> = None;
    for face in db.faces() {
        if used.contains(&face.id) {
            continue;
        }
        let score =
            u32::from(face.style != style) * 1000 + u32::from(face.weight.0.abs_diff(weight));
        if best.is_some_and(|(b, _)| b <= score) || !has_char(db, face.id, c) {
            continue;
        }
        best = Some((score, face.id));
        if score == 0 {
            break;
        }
    }
    best.map(|(_, id)| id)
}

fn has_char(db: &Database, id: ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|face| face.glyph_index(c).is_some())
    })
    .unwrap_or(false)
}

/// A font file's bytes and which face in it to use.
pub struct FallbackFont {
    /// The face's family name ("Noto Sans CJK JP").
    pub family: String,
    /// The whole font file (a collection may hold several faces), shared.
    pub data: Arc<Vec<u8>>,
    /// The face within `data`.
    pub index: u32,
}

static CJK_FALLBACK: OnceLock<Option<FallbackFont>> = OnceLock::new();

/// The system font the app falls back to for Chinese, Japanese and Korean text, if one is
/// installed: a regular sans-serif face with all three scripts, in the variant of the user's
/// language (`LANG=ja_JP…` → Japanese glyph forms). Slow the first time (it scans the system's
/// fonts and reads a file of several megabytes): call it from a background thread, and
/// [`cjk_fallback_ready`] from the UI.
pub fn cjk_fallback() -> Option<&'static FallbackFont> {
    CJK_FALLBACK
        .get_or_init(|| {
            let system = system();
            let id = *system_cjk_faces().first()?;
            let face = system.face(id)?;
            let (data, index) = system.with_face_data(id, |data, index| (data.to_vec(), index))?;
            Some(FallbackFont {
                family: face
                    .families
                    .first()
                    .map_or_else(String::new, |(name, _)| name.clone()),
                data: Arc::new(data),
                index,
            })
        })
        .as_ref()
}

/// [`cjk_fallback`] if it has been looked for already (`Some(None)`: there is none), without
/// waiting.
pub fn cjk_fallback_ready() -> Option<Option<&'static FallbackFont>> {
    CJK_FALLBACK.get().map(Option::as_ref)
}

/// [`cjk_faces`] of the system's fonts, worked out once (the export database and the app's
/// fallback both need them, and each check parses a font).
fn system_cjk_faces() -> &'static [ID] {
    static FACES: OnceLock<Vec<ID>> = OnceLock::new();
    FACES.get_or_init(|| cjk_faces(system()))
}

/// The faces in `db` that have Han, Hiragana and Hangul, best first for the user's language.
pub fn cjk_faces(db: &Database) -> Vec<ID> {
    let region = language_region();
    let mut faces: Vec<&FaceInfo> = db
        .faces()
        .filter(|f| CJK_PROBES.iter().all(|&c| has_char(db, f.id, c)))
        .collect();
    faces.sort_by_key(|f| rank(f, region));
    faces.into_iter().map(|f| f.id).collect()
}

/// Lower is better: regular upright sans in the user's regional variant.
fn rank(face: &FaceInfo, region: Option<&str>) -> (bool, bool, bool, u16) {
    let name = face.families.first().map_or("", |(name, _)| name.as_str());
    let words: Vec<&str> = name.split_whitespace().collect();
    let other_region = match region {
        Some(r) => !words.contains(&r),
        None => false,
    };
    let not_sans = words
        .iter()
        .any(|w| matches!(*w, "Serif" | "Mono" | "Mincho" | "Ming"));
    (
        other_region,
        not_sans,
        face.style != Style::Normal,
        face.weight.0.abs_diff(400),
    )
}

/// The CJK region tag font families use for the user's language (Noto's "JP", "KR", "SC",
/// "TC", "HK"), from `LC_ALL`, `LC_CTYPE` or `LANG`.
fn language_region() -> Option<&'static str> {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())?;
    region_of(&locale)
}

fn region_of(locale: &str) -> Option<&'static str> {
    let lower = locale.to_ascii_lowercase();
    let lang = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
    match lang {
        "ja" => Some("JP"),
        "ko" => Some("KR"),
        "zh" if lower.contains("hk") => Some("HK"),
        "zh" if lower.contains("tw") || lower.contains("hant") => Some("TC"),
        "zh" => Some("SC"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::region_of;

    #[test]
    fn the_language_picks_the_glyph_variant() {
        assert_eq!(region_of("ja_JP.UTF-8"), Some("JP"));
        assert_eq!(region_of("ko_KR.UTF-8"), Some("KR"));
        assert_eq!(region_of("zh_CN.UTF-8"), Some("SC"));
        assert_eq!(region_of("zh_TW.UTF-8"), Some("TC"));
        assert_eq!(region_of("zh_HK.UTF-8"), Some("HK"));
        assert_eq!(region_of("en_US.UTF-8"), None);
        assert_eq!(region_of("C"), None);
    }
}

//! SVG → PNG (resvg, with the page's resolution in a pHYs chunk) and SVG pages → one PDF
//! (krilla, with real selectable text in embedded fonts and document metadata).

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt as _, SvgSettings};
use resvg::tiny_skia;
use resvg::usvg;

use super::svg::FAMILY;

/// Why rendering failed (only on a bug in our own SVG, or an absurd size).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("internal error: the page SVG does not parse ({0})")]
    Svg(String),
    #[error(
        "the image would be {0} × {1} pixels, which is too large (at most {MAX_SIDE} per side)"
    )]
    TooLarge(u32, u32),
    #[error("could not encode PNG: {0}")]
    Png(String),
    #[error("could not write PDF: {0}")]
    Pdf(String),
}

/// The longest side, in pixels, of an image we render (a 600 dpi A4 page is 7016).
pub const MAX_SIDE: u32 = 32_000;

fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: super::fonts::export_db(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: Box::new(super::fonts::select_fallback),
        },
        // Our pages draw only the evidence pictures the export read and checked, embedded as
        // `data:` URIs. Whatever an `href` says (a case's text is escaped, but this holds even
        // if it were not), rendering never reads a file, and decodes only PNG, JPEG, GIF and
        // WebP data whose header gives a size within the limits (no decompression bomb).
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, data, _| {
                let (w, h) = super::evidence::picture_size(&data)?;
                if !super::evidence::fits(w, h) {
                    return None;
                }
                match super::evidence::picture_kind(&data)? {
                    "image/png" => Some(usvg::ImageKind::PNG(data)),
                    "image/jpeg" => Some(usvg::ImageKind::JPEG(data)),
                    "image/gif" => Some(usvg::ImageKind::GIF(data)),
                    "image/webp" => Some(usvg::ImageKind::WEBP(data)),
                    _ => None,
                }
            }),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Parses one of our SVGs (the bundled fonts, then the system's for characters they lack).
pub fn parse(svg: &str) -> Result<usvg::Tree, RenderError> {
    usvg::Tree::from_str(svg, &options()).map_err(|e| RenderError::Svg(e.to_string()))
}

/// Renders `svg` (in points) at `dpi` to a PNG whose pHYs chunk says `dpi`, so it prints at its
/// physical size. Pages are opaque, so the PNG is RGB.
pub fn png(svg: &str, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let tree = parse(svg)?;
    png_from_tree(&tree, f64::from(dpi) / 72.0, Some(dpi))
}

/// Renders `svg` scaled by `scale` (1.0 = one pixel per point) to a PNG; `dpi` is written to
/// the pHYs chunk when given.
pub fn png_scaled(svg: &str, scale: f64, dpi: Option<u32>) -> Result<Vec<u8>, RenderError> {
    let tree = parse(svg)?;
    png_from_tree(&tree, scale, dpi)
}

/// The pixel size of `tree` rendered at `scale`.
pub fn pixel_size(width: f64, height: f64, scale: f64) -> (u32, u32) {
    (
        (width * scale).round().max(1.0) as u32,
        (height * scale).round().max(1.0) as u32,
    )
}

fn png_from_tree(tree: &usvg::Tree, scale: f64, dpi: Option<u32>) -> Result<Vec<u8>, RenderError> {
    let (w, h, rgb) = raster(tree, scale)?;
    encode_png(&rgb, w, h, dpi)
}

/// Renders `svg` scaled by `scale` to an RGBA PNG with a transparent background (icons).
pub fn png_transparent(svg: &str, scale: f64) -> Result<Vec<u8>, RenderError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let (w, h) = pixel_size(f64::from(size.width()), f64::from(size.height()), scale);
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(RenderError::TooLarge(w, h));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(RenderError::TooLarge(w, h))?;
    let transform =
        tiny_skia::Transform::from_scale(w as f32 / size.width(), h as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc
            .write_header()
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .write_image_data(&rgba)
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| RenderError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Renders `svg` scaled by `scale` to 8-bit RGB pixels: (width, height, pixels). For previews.
pub fn rgb(svg: &str, scale: f64) -> Result<(u32, u32, Vec<u8>), RenderError> {
    raster(&parse(svg)?, scale)
}

fn raster(tree: &usvg::Tree, scale: f64) -> Result<(u32, u32, Vec<u8>), RenderError> {
    let size = tree.size();
    let (w, h) = pixel_size(f64::from(size.width()), f64::from(size.height()), scale);
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(RenderError::TooLarge(w, h));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(RenderError::TooLarge(w, h))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let transform =
        tiny_skia::Transform::from_scale(w as f32 / size.width(), h as f32 / size.height());
    resvg::render(tree, transform, &mut pixmap.as_mut());
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    Ok((w, h, rgb))
}

/// Encodes 8-bit RGB pixels as PNG, with a pHYs chunk for `dpi` when given.
pub fn encode_png(rgb: &[u8], w: u32, h: u32, dpi: Option<u32>) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        if let Some(dpi) = dpi {
            // Pixels per metre: 1 in = 0.0254 m.
            let ppm = (f64::from(dpi) / 0.0254).round() as u32;
            enc.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm,
                yppu: ppm,
                unit: png::Unit::Meter,
            }));
        }
        let mut writer = enc
            .write_header()
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| RenderError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| RenderError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Document metadata written into the PDF.
#[derive(Clone, Debug, Default)]
pub struct PdfInfo {
    pub title: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// The export time (PDF creation date), so the same inputs give the same bytes.
    pub created: Option<chrono::DateTime<chrono::Utc>>,
}

/// One PDF with a page per SVG (pages keep their own size, in points).
pub fn pdf(pages: &[String], info: &PdfInfo) -> Result<Vec<u8>, RenderError> {
    let mut doc = krilla::Document::new();
    for svg in pages {
        let tree = parse(svg)?;
        let (w, h) = (tree.size().width(), tree.size().height());
        let settings =
            PageSettings::from_wh(w, h).ok_or(RenderError::TooLarge(w as u32, h as u32))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let size = Size::from_wh(w, h).ok_or(RenderError::TooLarge(w as u32, h as u32))?;
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or_else(|| RenderError::Pdf("could not draw a page".to_owned()))?;
        surface.finish();
        page.finish();
    }
    let mut meta = Metadata::new()
        .title(info.title.clone())
        .description(info.subject.clone())
        .creator(format!("Casebook {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("Casebook {}", env!("CARGO_PKG_VERSION")))
        .language("en".to_owned());
    if !info.keywords.is_empty() {
        meta = meta.keywords(info.keywords.clone());
    }
    if let Some(at) = info.created {
        use chrono::{Datelike as _, Timelike as _};
        meta = meta.creation_date(
            krilla::metadata::DateTime::new(at.year().clamp(0, 9999) as u16)
                .month(at.month() as u8)
                .day(at.day() as u8)
                .hour(at.hour() as u8)
                .minute(at.minute() as u8)
                .second(at.second() as u8)
                .utc_offset_hour(0)
                .utc_offset_minute(0),
        );
    }
    doc.set_metadata(meta);
    doc.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

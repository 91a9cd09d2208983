//! The timeline figure's legend: what each mark means.

use super::*;

/// The legend's line height.
pub(super) const LEGEND_ROW: f64 = 14.0;

/// What the legend explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Symbol {
    Action,
    Statement,
    Unavailable,
    Compromised,
    Available,
    OpenEnd,
    Uncertain,
    Disagree,
    Bound,
    Via,
    Planned,
    Decided,
    Found,
    Public,
    Unauthorized,
    Key,
    Gap,
}

/// The legend's entries, in reading order.
pub(super) const LEGEND: [(&str, Symbol); 17] = [
    ("action", Symbol::Action),
    ("statement", Symbol::Statement),
    ("account unavailable", Symbol::Unavailable),
    ("account compromised", Symbol::Compromised),
    ("account active again", Symbol::Available),
    ("end not known", Symbol::OpenEnd),
    ("time uncertain", Symbol::Uncertain),
    ("sources disagree", Symbol::Disagree),
    ("by / after a time", Symbol::Bound),
    ("via: acted through", Symbol::Via),
    ("planned end", Symbol::Planned),
    ("decided", Symbol::Decided),
    ("found out", Symbol::Found),
    ("made public", Symbol::Public),
    ("unauthorized", Symbol::Unauthorized),
    ("key event", Symbol::Key),
    ("compressed gap", Symbol::Gap),
];

/// Where each legend entry goes when the legend starts at `(x, y)`, `width` wide: (x, centre
/// y, entry).
pub(super) fn legend_places(x: f64, y: f64, width: f64) -> Vec<(f64, f64, (&'static str, Symbol))> {
    let mut cy = y + 10.0;
    let mut cx = x;
    let mut out = Vec::with_capacity(LEGEND.len());
    for entry in LEGEND {
        let w = text_width(entry.0, Face::Regular, 6.8) + 24.0;
        if cx + w > x + width && cx > x {
            cx = x;
            cy += LEGEND_ROW;
        }
        out.push((cx, cy, entry));
        cx += w;
    }
    out
}

/// The height of the legend at `width`.
pub fn legend_height(width: f64) -> f64 {
    let rows = legend_places(0.0, 0.0, width)
        .last()
        .map_or(1.0, |(_, cy, _)| (cy - 10.0) / LEGEND_ROW + 1.0);
    6.0 + rows * LEGEND_ROW
}

/// One legend symbol, centred on `(sx + 2, cy)`.
pub(super) fn legend_symbol(svg: &mut Svg, symbol: Symbol, sx: f64, cy: f64) {
    let action = kind_hex(RecordKind::Action);
    let diamond = |svg: &mut Svg, x: f64, fill: &str| {
        svg.polygon(
            &[(x, cy - 4.0), (x + 4.0, cy), (x, cy + 4.0), (x - 4.0, cy)],
            fill,
        );
    };
    match symbol {
        Symbol::Action => diamond(svg, sx, &action),
        Symbol::Statement => svg.circle(sx, cy, 3.6, &kind_hex(RecordKind::Statement)),
        Symbol::Unavailable => svg.rect(sx - 4.0, cy - 4.0, 12.0, 8.0, UNAUTHORIZED, None, 2.0),
        Symbol::Compromised => {
            let fill = palette::hex(palette::COMPROMISED);
            svg.rect(sx - 4.0, cy - 4.0, 12.0, 8.0, &fill, None, 2.0);
            hatch(
                svg,
                (sx - 4.0, cy - 4.0, 12.0, 8.0),
                &palette::hex(palette::COMPROMISED_HATCH),
            );
        }
        Symbol::Available => svg.rect(
            sx - 4.0,
            cy - 4.0,
            12.0,
            8.0,
            &palette::hex(palette::AVAILABLE),
            None,
            2.0,
        ),
        Symbol::OpenEnd => {
            svg.rect(sx - 4.0, cy - 4.0, 5.0, 8.0, UNAUTHORIZED, None, 0.0);
            fade(svg, sx + 1.0, sx + 9.0, cy - 1.0, UNAUTHORIZED, 0.8);
        }
        Symbol::Uncertain => {
            svg.rect_alpha(sx - 4.0, cy - 4.0, 12.0, 8.0, &action, 0.3);
            svg.line(sx - 4.0, cy - 4.0, sx + 8.0, cy - 4.0, &action, 0.6, true);
            svg.line(sx - 4.0, cy + 4.0, sx + 8.0, cy + 4.0, &action, 0.6, true);
            svg.circle(sx + 2.0, cy, 2.0, &action);
        }
        Symbol::Disagree => {
            svg.rect_alpha(sx - 4.0, cy - 4.0, 12.0, 8.0, &action, 0.16);
            svg.line(sx - 4.0, cy, sx + 8.0, cy, &action, 0.8, false);
            for x in [sx - 4.0, sx + 8.0] {
                svg.line(x, cy - 4.5, x, cy + 4.5, &action, 1.1, false);
            }
            diamond(svg, sx - 1.0, &action);
        }
        Symbol::Bound => {
            fade(svg, sx + 4.0, sx - 5.0, cy - 1.0, &action, 0.6);
            diamond(svg, sx + 5.0, &action);
        }
        Symbol::Via => {
            diamond(svg, sx + 2.0, &action);
            dashed_rect(svg, (sx - 3.5, cy - 5.5, sx + 7.5, cy + 5.5), INK);
        }
        Symbol::Planned => {
            svg.rect(sx - 4.0, cy - 4.0, 5.0, 8.0, &action, None, 0.0);
            svg.line(sx + 1.0, cy - 4.0, sx + 8.0, cy - 4.0, &action, 0.7, true);
            svg.line(sx + 1.0, cy + 4.0, sx + 8.0, cy + 4.0, &action, 0.7, true);
            svg.line(sx + 8.0, cy - 4.0, sx + 8.0, cy + 4.0, &action, 0.9, true);
        }
        Symbol::Decided => {
            svg.line(sx - 3.0, cy - 4.5, sx - 3.0, cy + 4.5, &action, 1.4, false);
            svg.line(sx - 3.0, cy, sx + 3.0, cy, &action, 0.6, false);
            svg.rect(sx + 3.0, cy - 4.0, 5.0, 8.0, &action, None, 0.0);
        }
        Symbol::Found => {
            svg.circle(sx + 2.0, cy, 2.5, &action);
            svg.circle(sx + 2.0, cy, 1.3, "#ffffff");
        }
        Symbol::Public => svg.rect(
            sx - 0.2,
            cy - 2.2,
            4.4,
            4.4,
            "#ffffff",
            Some((&action, 1.1)),
            0.0,
        ),
        Symbol::Unauthorized => svg.rect(
            sx - 4.0,
            cy - 4.0,
            10.0,
            8.0,
            "none",
            Some((UNAUTHORIZED, 1.0)),
            2.0,
        ),
        Symbol::Key => star(svg, sx + 1.0, cy + 3.5, &action),
        Symbol::Gap => {
            svg.rect(sx - 4.0, cy - 5.0, 10.0, 10.0, "#e6e9ee", None, 0.0);
            svg.line(sx - 4.0, cy - 5.0, sx - 4.0, cy + 5.0, "#8a939f", 0.6, true);
            svg.line(sx + 6.0, cy - 5.0, sx + 6.0, cy + 5.0, "#8a939f", 0.6, true);
        }
    }
}

//! The report's timeline figure and the timeline image on a case shaped like a real incident
//! (issue 24): the dense-takeover fixture (28 accounts with the same items, a dense afternoon
//! inside months of follow-up, a month-precision root cause, sources dated only to a year) and
//! the 2020 sample. Checked on the real output: `pdftotext` of the exported PDF and the SVG
//! of the timeline image.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use casebook::export::{self, ExportOptions, Format};
use casebook::model::Case;
use casebook::timeline::{ItemKind, LaneKey};
use chrono::{TimeZone as _, Timelike as _};

use crate::common;

fn dense() -> Case {
    casebook::store::load(&common::fixture("dense-takeover.case.ron"))
        .expect("the dense fixture loads")
        .case
}

fn sample_2020() -> Case {
    casebook::store::parse(
        include_str!("../../assets/examples/twitter-2020-account-takeover.case.ron"),
        std::path::Path::new("sample"),
    )
    .expect("the 2020 sample parses")
}

fn opts(format: Format) -> ExportOptions {
    ExportOptions {
        format,
        exported_at: chrono::Utc
            .with_ymd_and_hms(2026, 11, 28, 12, 0, 0)
            .unwrap(),
        ..ExportOptions::default()
    }
}

/// `pdftotext -layout` of the report, from the "Timeline" heading on.
fn figure_text(case: &Case, o: &ExportOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, export::pdf(case, o).expect("PDF export")).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let start = text
        .lines()
        .position(|l| l.trim() == "Timeline")
        .expect("a Timeline heading");
    text.lines().skip(start).collect::<Vec<_>>().join("\n")
}

/// No count stands in for items on paper: no "+N more", no "N items" badge.
fn assert_no_count_badge(what: &str, text: &str) {
    for word in text.split(['>', '<', '\n']) {
        let w = word.trim();
        assert!(
            !(w.starts_with('+') && w.ends_with(" more")),
            "{what}: a “+N more” badge: {w:?}"
        );
        let mut parts = w.split(' ');
        let counted = matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(n), Some("items"), None) if n.chars().all(|c| c.is_ascii_digit() || c == ',')
        );
        assert!(!counted, "{what}: an “N items” badge: {w:?}");
    }
}

/// The axis lines of the figure (the first line of each part's axis).
fn axis_lines(text: &str, zone: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains(&format!("Times: {zone}")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_dense_afternoon_gets_a_part_of_its_own_between_round_hours() {
    let case = dense();
    let fig = export::timeline_figure(&case, &opts(Format::Pdf));
    let parts = fig.parts(403.0);
    let detail: Vec<_> = parts.iter().filter(|p| p.detail).collect();
    assert!(!detail.is_empty(), "a part hour by hour: {parts:?}");
    let tz = fig.tz;
    for p in &detail {
        for t in [p.from, p.to] {
            let local = tz.timestamp_opt(t as i64, 0).unwrap();
            assert_eq!((local.minute(), local.second()), (0, 0), "{local}");
        }
        assert!(p.to - p.from <= 36.0 * 3600.0);
    }
    // The afternoon's posts (13:12, 13:20 …) are in one detail part, far enough apart to read.
    let at = |h: u32, m: u32| {
        tz.with_ymd_and_hms(2024, 3, 14, h, m, 0)
            .single()
            .unwrap()
            .timestamp() as f64
    };
    let part = detail
        .iter()
        .find(|p| p.from <= at(13, 12) && p.to > at(16, 27))
        .expect("one part holds the attack");
    assert!(part.x(at(13, 20), 403.0) - part.x(at(13, 12), 403.0) >= 5.0);
    // Overview parts: every day at least MIN_DAY_PT wide.
    for p in parts.iter().filter(|p| !p.detail) {
        for &day in &p.days {
            let w = p.x(day + 86_400.0, 403.0) - p.x(day, 403.0);
            assert!(
                w >= export::timeline_svg::MIN_DAY_PT - 0.5 || p.to < day + 86_400.0,
                "{w}"
            );
        }
    }
}

#[test]
fn the_report_figure_labels_the_incident_day_groups_the_alike_accounts_and_hides_nothing() {
    let case = dense();
    let text = figure_text(&case, &opts(Format::Pdf));
    let axes = axis_lines(&text, "America/Los_Angeles");
    assert!(axes.len() >= 2, "{axes:?}");
    assert!(
        axes.iter().any(|l| l.contains("Mar 14")),
        "the incident day is labelled: {axes:?}"
    );
    assert!(axes.iter().any(|l| l.contains("Mar 15")), "{axes:?}");
    assert!(
        text.lines()
            .any(|l| l.contains("Mar 14, 2024 12:00 – ") && l.contains("hour by hour")),
        "a part hour by hour from a round hour"
    );
    assert_no_count_badge("report", &text);
    // The 25 accounts with the same three items: one lane, its members listed.
    assert!(text.contains("25 accounts"), "a grouped lane");
    let members = text
        .find("drawn as one lane:")
        .map(|i| &text[i..])
        .expect("the grouped lane's members are listed");
    for handle in ["@junipervale", "@harborledger", "@OrbitFC"] {
        assert!(members.contains(handle), "{handle} listed");
    }
    // Not 25 lanes repeating the same marks.
    assert!(
        !text.contains("@junipervale restricted"),
        "no lane of its own"
    );
}

#[test]
fn the_timeline_image_follows_the_same_rules() {
    let case = dense();
    let svg = export::timeline_svg(&case, &opts(Format::TimelineSvg));
    assert_no_count_badge("timeline SVG", &svg);
    assert!(svg.contains(">25 accounts<"), "the grouped lane");
    assert!(svg.contains("hour by hour"), "a part hour by hour");
    assert!(svg.contains(">Mar 14<") || svg.contains(">Mar 14, 2024<"));
    assert!(svg.contains("drawn as one lane: @junipervale"));
    export::render::parse(&svg).expect("the SVG parses");
}

#[test]
fn the_2020_incident_day_is_labelled_and_its_hours_readable() {
    let case = sample_2020();
    let text = figure_text(&case, &opts(Format::Pdf));
    let axes = axis_lines(&text, "America/New_York");
    assert!(
        axes.iter().any(|l| l.contains("Jul 15")),
        "15 July has a label: {axes:?}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("Jul 15, 2020") && l.contains("hour by hour")),
        "the attack's hours have a part of their own"
    );
    assert_no_count_badge("2020 report", &text);
    let svg = export::timeline_svg(&case, &opts(Format::TimelineSvg));
    assert_no_count_badge("2020 timeline SVG", &svg);
}

#[test]
fn every_item_is_drawn_or_numbered_and_listed() {
    // 30 overlapping hour-long suspensions by one moderator: more than a lane stacks.
    let case = common::sample_with_bulk_action(30);
    let o = opts(Format::Pdf);
    let fig = export::timeline_figure(&case, &o);
    let plot_w = 403.0;
    let mut numbered = 0;
    for part in fig.parts(plot_w) {
        for lane in fig.lanes_in_use() {
            let layout = fig.layout_part_lane(lane, &part, plot_w);
            let (from, to) = part.real_range();
            let drawn_by_part = fig.lanes.lanes[lane]
                .visible(&fig.items, from, to)
                .filter(|&i| part.draws(&fig.items[i]))
                .count();
            let hidden: usize = layout.hidden().iter().map(|h| h.count).sum();
            assert_eq!(layout.drawn_items() + hidden, drawn_by_part);
            numbered += layout.numbered_items().len();
        }
    }
    assert!(numbered > 0, "the bulk action overflows a lane");
    let text = figure_text(&case, &o);
    assert_no_count_badge("bulk report", &text);
    assert!(
        text.lines()
            .any(|l| l.contains("No.") && l.contains("When") && l.contains("What")),
        "a table of the numbered items under the figure"
    );
}

#[test]
fn a_redacted_figure_names_no_protected_member_of_a_group() {
    let mut case = dense();
    // One of the alike accounts is protected: the group still forms, under its mask.
    let member = case
        .accounts
        .iter_mut()
        .find(|a| a.handle == "@junipervale")
        .expect("a member");
    member.protected = true;
    let redacted = ExportOptions {
        redact: true,
        ..opts(Format::Pdf)
    };
    let text = figure_text(&case, &redacted);
    for name in ["junipervale", "roastfan_anna", "Whitlock", "Imre Castellan"] {
        assert!(!text.contains(name), "{name} in the redacted report");
    }
    assert!(text.contains("25 accounts"), "the group is kept");
    let svg = export::timeline_svg(
        &case,
        &ExportOptions {
            redact: true,
            ..opts(Format::TimelineSvg)
        },
    );
    for name in ["junipervale", "roastfan_anna", "Whitlock", "Imre Castellan"] {
        assert!(!svg.contains(name), "{name} in the redacted image");
    }
    assert!(svg.contains(">25 accounts<"));
}

#[test]
fn grouped_lanes_replace_their_members() {
    let case = dense();
    let fig = export::timeline_figure(&case, &opts(Format::Pdf));
    let group = fig
        .groups
        .iter()
        .find(|g| g.members.len() == 25)
        .expect("a group of 25");
    assert!(matches!(
        fig.lanes.lanes[group.lane].key,
        LaneKey::Group(25)
    ));
    for id in &group.members {
        assert!(
            !fig.lanes
                .lanes
                .iter()
                .any(|l| l.key == LaneKey::Account(id.clone())),
            "{id} has no lane of its own"
        );
    }
    // The group's lane has one post, one lock, one removal and the restricted state.
    let kinds: Vec<ItemKind> = fig.lanes.lanes[group.lane]
        .items
        .iter()
        .map(|&i| fig.items[i].kind)
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert!(
        group.pattern.contains("unauthorized post"),
        "{}",
        group.pattern
    );
}

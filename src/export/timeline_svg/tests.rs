use super::*;

#[test]
fn the_legend_fits_the_height_pages_keep_for_it_at_any_width() {
    for width in [400.0, 483.0, 515.0, 700.0, 1568.0] {
        assert!(
            legend_height(width) <= Figure::LEGEND_HEIGHT,
            "{width}: {} > {}",
            legend_height(width),
            Figure::LEGEND_HEIGHT
        );
    }
    // Wide, it takes two lines, not the narrowest page's four.
    assert!(legend_height(1568.0) <= 6.0 + 2.0 * LEGEND_ROW);
    // Every entry inside the width.
    for (x, _, (label, _)) in legend_places(0.0, 0.0, 400.0) {
        assert!(
            x + text_width(label, Face::Regular, 6.8) + 18.0 <= 400.0,
            "{label}"
        );
    }
}

#[test]
fn a_long_lane_name_takes_two_lines_and_a_class_keeps_its_estimate() {
    assert_eq!(lane_label_lines("@a"), ["@a"]);
    let class =
        lane_label_lines("accounts that changed their password in the last thirty days · ~1.2M");
    assert!(class.len() >= 2, "{class:?}");
    assert!(class.iter().all(|l| !l.ends_with('…')), "{class:?}");
    assert_eq!(class.last().map(String::as_str), Some("· ~1.2M"));
    let long = lane_label_lines(
        "Phished employees, first wave (identities not public, four of them at least)",
    );
    assert!(long.len() >= 2);
    assert_eq!(
        long.join(" "),
        "Phished employees, first wave (identities not public, four of them at least)"
    );
    for line in class.iter().chain(&long) {
        assert!(
            text_width(line, Face::Bold, LANE_LABEL_SIZE) <= LABEL_COLUMN - 14.0,
            "{line}"
        );
    }
}

#[test]
fn hatching_stays_inside_its_rectangle() {
    let mut svg = Svg::new(100.0, 100.0);
    hatch(&mut svg, (10.0, 20.0, 30.0, 10.0), "#000000");
    let text = svg.finish();
    let mut lines = 0;
    for line in text.lines().filter(|l| l.starts_with("<line")) {
        lines += 1;
        let attr = |name: &str| -> f64 {
            let start = line.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
            let rest = &line[start..];
            rest[..rest.find('"').expect("closing quote")]
                .parse()
                .expect("a number")
        };
        for (x, y) in [(attr("x1"), attr("y1")), (attr("x2"), attr("y2"))] {
            assert!(
                (9.99..=40.01).contains(&x) && (19.99..=30.01).contains(&y),
                "{line}"
            );
        }
    }
    assert!(lines >= 9, "{lines} stripes");
}

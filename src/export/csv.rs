//! The timeline as CSV rows: one row per dated record (actions, statements, source
//! publications, follow-up due dates), in time order, with the time both in UTC and in the
//! chosen zone, its precision, and who did or said what, citing which sources.

use chrono_tz::Tz;

use crate::model::{Case, Precision, SourceId, When};

/// The column names, in order.
pub const HEADER: [&str; 14] = [
    "start_utc",
    "end_utc",
    "start_local",
    "end_local",
    "zone",
    "precision",
    "approximate",
    "kind",
    "lane",
    "who",
    "what",
    "sources",
    "key_event",
    "record_id",
];

struct Row {
    sort: i64,
    cells: [String; 14],
}

fn utc(w: &When, tz: Tz) -> (String, String) {
    let (start, end) = w.interval(tz);
    let fmt = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    if w.precision <= Precision::Minute {
        (fmt(start), String::new())
    } else {
        (fmt(start), fmt(end))
    }
}

/// CSV text for `case` with local times in `tz`, restricted to `[from, to]` when given.
pub fn timeline_csv(case: &Case, tz: Tz, from: Option<f64>, to: Option<f64>) -> String {
    let source_titles = |ids: &[SourceId]| {
        ids.iter()
            .map(|id| {
                case.source(id)
                    .map_or_else(|| id.to_string(), |s| s.title.clone())
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut push = |when: &When,
                    end: Option<&When>,
                    kind: String,
                    lane: String,
                    who: String,
                    what: String,
                    sources: String,
                    key: bool,
                    id: &str| {
        let (start_utc, mut end_utc) = utc(when, tz);
        let mut end_local = String::new();
        if let Some(end) = end {
            end_utc = utc(end, tz).0;
            end_local = end.display(tz);
        }
        // Kept when what it covers overlaps the range (as on the timeline image).
        let (t0, t1) = when.interval(tz);
        let t1 = end.map_or(t1, |e| e.interval(tz).1.max(t1));
        let (t0, t1) = (t0.timestamp() as f64, t1.timestamp() as f64);
        if from.is_some_and(|f| t1 < f) || to.is_some_and(|x| t0 > x) {
            return;
        }
        rows.push(Row {
            sort: crate::model::chronology::order_key(when, tz).timestamp(),
            cells: [
                start_utc,
                end_utc,
                when.display(tz),
                end_local,
                // The zone start_local is in: the case's, or the one the source gave.
                when.reckoned_in(tz).name(),
                when.precision.label().to_owned(),
                if when.approximate { "yes" } else { "no" }.to_owned(),
                kind,
                lane,
                who,
                what,
                sources,
                if key { "yes" } else { "no" }.to_owned(),
                id.to_owned(),
            ],
        });
    };
    for a in &case.actions {
        let lane = a
            .targets
            .iter()
            .map(|t| {
                case.account(t)
                    .map_or_else(|| t.to_string(), |x| x.handle.clone())
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut what = a.summary.clone();
        if a.authorization == crate::model::Authorization::Unauthorized {
            what.push_str(" [unauthorized]");
        }
        if let Some(d) = &a.duration {
            what.push_str(&format!(
                " [lasted {}]",
                crate::timeline::items::short_duration(d)
            ));
        }
        push(
            &a.start,
            a.end.as_ref(),
            a.kind.label().to_owned(),
            if lane.is_empty() {
                "other".to_owned()
            } else {
                lane
            },
            case.actor_name(&a.performer),
            what,
            source_titles(&a.meta.sources),
            a.meta.key_event,
            a.id.as_str(),
        );
    }
    for s in &case.statements {
        let mut what = s.quote.clone();
        if !s.verbatim {
            what.push_str(" [paraphrase]");
        }
        push(
            &s.when,
            None,
            format!("statement ({})", s.channel),
            "statements".to_owned(),
            case.speaker_name(&s.speaker),
            what,
            source_titles(&s.meta.sources),
            s.meta.key_event,
            s.id.as_str(),
        );
    }
    for s in &case.sources {
        if let Some(w) = &s.published {
            push(
                w,
                None,
                "source published".to_owned(),
                "sources".to_owned(),
                s.publisher.clone(),
                s.title.clone(),
                String::new(),
                s.meta.key_event,
                s.id.as_str(),
            );
        }
    }
    for f in &case.postmortem.follow_ups {
        if let Some(w) = &f.due {
            push(
                w,
                None,
                "follow-up due".to_owned(),
                "postmortem".to_owned(),
                f.owner.clone(),
                f.description.clone(),
                String::new(),
                f.meta.key_event,
                f.id.as_str(),
            );
        }
    }
    rows.sort_by(|a, b| {
        a.sort
            .cmp(&b.sort)
            .then_with(|| a.cells[13].cmp(&b.cells[13]))
    });
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for row in &rows {
        let _ = w.write_record(row.cells.iter().map(|c| defuse(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1", "@SUM") gets a leading
/// apostrophe: case files hold text from the outside world, and opening an export must never
/// execute it.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

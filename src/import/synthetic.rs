//! Synthetic Ozone event pages, deterministic from a seed (benchmarks, tests, fuzz seeds).

use std::fmt::Write as _;

use chrono::{Duration, TimeZone as _, Utc};

use crate::model::ids::splitmix64;

/// `events` Ozone events as `queryEvents` pages of up to 100, newest first as Ozone returns
/// them, joined in one JSON array: reports, acknowledgements, takedowns (some for a number of
/// hours), appeals, reversals, labels, tags and comments on `events / 20 + 1` accounts by five
/// moderators.
pub fn ozone_pages(events: usize, seed: u64) -> String {
    let accounts = events / 20 + 1;
    let start = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut rows = Vec::with_capacity(events);
    let mut x = seed;
    for id in 1..=events {
        x = splitmix64(x);
        let account = (x % accounts as u64) as usize;
        let at = start + Duration::seconds(id as i64 * 37);
        let moderator = (x >> 20) % 5;
        let event = match (x >> 8) % 10 {
            0 | 1 => format!(
                r#"{{"$type":"tools.ozone.moderation.defs#modEventReport","comment":"report {id}","reportType":"com.atproto.moderation.defs#reasonSpam","isReporterMuted":false}}"#
            ),
            2 => r#"{"$type":"tools.ozone.moderation.defs#modEventAcknowledge"}"#.to_owned(),
            3 => format!(
                r#"{{"$type":"tools.ozone.moderation.defs#modEventTakedown","comment":"takedown {id}","durationInHours":72,"policies":["spam"]}}"#
            ),
            4 => r#"{"$type":"tools.ozone.moderation.defs#modEventReverseTakedown","comment":"appeal granted"}"#.to_owned(),
            5 => r#"{"$type":"tools.ozone.moderation.defs#modEventLabel","createLabelVals":["spam"],"negateLabelVals":[]}"#.to_owned(),
            6 => r#"{"$type":"tools.ozone.moderation.defs#modEventTag","add":["lang:en"],"remove":[]}"#.to_owned(),
            7 => r#"{"$type":"tools.ozone.moderation.defs#modEventEscalate","comment":"needs a second look"}"#.to_owned(),
            8 => r#"{"$type":"tools.ozone.moderation.defs#modEventReport","comment":"please review","reportType":"com.atproto.moderation.defs#reasonAppeal"}"#.to_owned(),
            _ => format!(r#"{{"$type":"tools.ozone.moderation.defs#modEventComment","comment":"note {id}"}}"#),
        };
        let (created_by, creator) = match (x >> 8) % 10 {
            0 | 1 => (
                format!("did:plc:reporter{}", x % 997),
                format!("reporter{}.test", x % 997),
            ),
            8 => (
                format!("did:plc:account{account}"),
                format!("user{account}.test"),
            ),
            6 => (
                "did:plc:service".to_owned(),
                "mod-authority.test".to_owned(),
            ),
            _ => (
                format!("did:plc:moderator{moderator}"),
                format!("moderator{moderator}.test"),
            ),
        };
        let mut row = String::new();
        let _ = write!(
            row,
            r#"{{"id":{id},"event":{event},"subject":{{"$type":"com.atproto.admin.defs#repoRef","did":"did:plc:account{account}"}},"subjectBlobCids":[],"createdBy":"{created_by}","createdAt":"{}","subjectHandle":"user{account}.test","creatorHandle":"{creator}"}}"#,
            at.format("%Y-%m-%dT%H:%M:%S%.3fZ")
        );
        rows.push(row);
    }
    rows.reverse();
    let pages: Vec<String> = rows
        .chunks(100)
        .enumerate()
        .map(|(i, chunk)| {
            format!(
                "{{\"cursor\":\"{i}\",\"events\":[\n{}\n]}}",
                chunk.join(",\n")
            )
        })
        .collect();
    format!("[\n{}\n]\n", pages.join(",\n"))
}

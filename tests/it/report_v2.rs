//! What case format version 2 records, in the report, `casebook show` and the CSV, checked on
//! the real output (pdftotext for the PDF, the binary's stdout, parsed CSV), with a messy case
//! like the July 2020 Twitter account takeover: attackers as an outside group acting through a
//! phished employee's credentials, a class of "all verified accounts", figures the sources give
//! differently, times the sources give differently, a lock known to have lasted at least 12
//! hours, and a thread update beside a correction.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use casebook::export::svg::{Face, text_width};
use casebook::export::{self, ExportOptions, Format, Paper, Progress};
use casebook::model::*;
use casebook::store;
use chrono_tz::Tz;

use crate::common;
use crate::export::PdfFile;

// ---------------------------------------------------------------------------------------------
// The case
// ---------------------------------------------------------------------------------------------

fn tz() -> Tz {
    chrono_tz::America::New_York
}

fn at(text: &str) -> When {
    common::when(text, tz())
}

fn sources(ids: &[&str]) -> Vec<SourceId> {
    ids.iter().map(|s| SourceId::from(*s)).collect()
}

fn note(text: &str) -> Note {
    Note {
        text: text.to_owned(),
        internal: false,
    }
}

/// A fresh record of `kind` (so fields added to the model later need no change here).
fn fresh(case: &Case, kind: RecordKind) -> Record {
    new_record(kind, case, common::fixed_now())
}

fn account(case: &mut Case, id: &str, handle: &str, display: &str, kind: AccountKind) {
    let Record::Account(mut a) = fresh(case, RecordKind::Account) else {
        unreachable!()
    };
    a.id = id.into();
    a.platform = "Twitter".to_owned();
    a.handle = handle.to_owned();
    a.display_name = display.to_owned();
    a.kind = kind;
    case.accounts.push(a);
}

fn staff(case: &mut Case, id: &str, name: &str, pseudonym: &str, role: &str) -> usize {
    let Record::Staff(mut s) = fresh(case, RecordKind::Staff) else {
        unreachable!()
    };
    s.id = id.into();
    s.name = name.to_owned();
    s.pseudonym = pseudonym.to_owned();
    s.role = role.to_owned();
    case.staff.push(s);
    case.staff.len() - 1
}

fn outsider(case: &mut Case, id: &str, name: &str, role: OutsiderRole) -> usize {
    let Record::Outsider(mut o) = fresh(case, RecordKind::Outsider) else {
        unreachable!()
    };
    o.id = id.into();
    o.name = name.to_owned();
    o.role = role;
    o.pseudonym = String::new();
    case.outsiders.push(o);
    case.outsiders.len() - 1
}

fn action(
    case: &mut Case,
    id: &str,
    kind: ActionKind,
    summary: &str,
    start: &str,
    performer: Actor,
) -> usize {
    let Record::Action(mut a) = fresh(case, RecordKind::Action) else {
        unreachable!()
    };
    a.id = id.into();
    a.kind = kind;
    a.summary = summary.to_owned();
    a.start = at(start);
    a.performer = performer;
    a.authorization = Authorization::Authorized;
    case.actions.push(a);
    case.actions.len() - 1
}

fn statement(
    case: &mut Case,
    id: &str,
    speaker: Speaker,
    channel: Channel,
    quote: &str,
    when: &str,
) -> usize {
    let Record::Statement(mut s) = fresh(case, RecordKind::Statement) else {
        unreachable!()
    };
    s.id = id.into();
    s.speaker = speaker;
    s.channel = channel;
    s.quote = quote.to_owned();
    s.when = at(when);
    case.statements.push(s);
    case.statements.len() - 1
}

fn source(case: &mut Case, id: &str, title: &str, publisher: &str, url: &str, published: &str) {
    let Record::Source(mut s) = fresh(case, RecordKind::Source) else {
        unreachable!()
    };
    s.id = id.into();
    s.title = title.to_owned();
    s.publisher = publisher.to_owned();
    s.url = url.to_owned();
    s.published = Some(at(published));
    s.accessed = Some(at("2026-11-30"));
    case.sources.push(s);
}

fn count(value: u64, approximate: bool, limit: Option<Limit>) -> Count {
    Count {
        value,
        approximate,
        limit,
    }
}

fn figure(
    case: &mut Case,
    what: &str,
    count: Count,
    unit: &str,
    as_of: Option<&str>,
    source: &str,
) {
    case.postmortem.figures.push(Figure {
        what: what.to_owned(),
        count,
        unit: unit.to_owned(),
        as_of: as_of.map(at),
        source: Some(source.into()),
    });
}

fn alt(when: &str, source: &str) -> AltTime {
    AltTime {
        when: at(when),
        source: Some(source.into()),
    }
}

/// The protected attacker's name, written into a quote, a note, a figure and a source address.
pub(crate) const ATTACKER: &str = "Kevin Ostrander";
/// A journalist: not protected, named in every export.
pub(crate) const JOURNALIST: &str = "Brian Krebs";

/// A case like the July 2020 Twitter account takeover, with every kind of version-2 data and
/// the disagreements of real reporting. Names of private people are made up.
pub(crate) fn takeover_2020() -> Case {
    let now = common::fixed_now();
    let mut case = Case::new(
        "Twitter, July 2020: verified accounts taken over for a bitcoin scam",
        "America/New_York",
        now,
    );
    case.info.id = "case-takeover-2020-v2".into();
    case.info.summary = "Attackers who had phished Twitter employees by phone used an employee's \
        credentials to reach the internal account tools, took over high-profile accounts and \
        posted a bitcoin 'double your money' scam from them. Twitter stopped every verified \
        account from posting for the evening and night. Sources disagree on times and amounts."
        .to_owned();
    case.info.status = CaseStatus::Closed;
    case.info.severity = Severity::Critical;
    case.info.owner = "T&S incident review".to_owned();
    case.info.tags = vec![
        "account-takeover".to_owned(),
        "social-engineering".to_owned(),
    ];

    // Accounts: a class, listed accounts, one with no known handle, a private bystander.
    account(&mut case, "acct-verified", "", "", AccountKind::Unknown);
    case.accounts[0].class = Some(AccountClass {
        description: "all verified accounts".to_owned(),
        estimated: Some(count(360_000, true, None)),
    });
    account(
        &mut case,
        "acct-elonmusk",
        "@elonmusk",
        "Elon Musk",
        AccountKind::Individual,
    );
    account(
        &mut case,
        "acct-obama",
        "@BarackObama",
        "Barack Obama",
        AccountKind::PublicOfficial,
    );
    account(
        &mut case,
        "acct-apple",
        "@Apple",
        "Apple",
        AccountKind::Organisation,
    );
    account(
        &mut case,
        "acct-exchange",
        "",
        "",
        AccountKind::Organisation,
    );
    case.accounts[4].meta.notes = vec![note(
        "A cryptocurrency exchange's account; the reporting does not name it.",
    )];
    account(
        &mut case,
        "acct-bystander",
        "@satoshi_fan_88",
        "Lena Brooks",
        AccountKind::Individual,
    );
    case.accounts[5].protected = true;

    // Staff.
    let jane = staff(
        &mut case,
        "staff-jane",
        "Jane Doe",
        "Employee A",
        "Account support agent",
    );
    case.staff[jane].team = "Support".to_owned();
    case.staff[jane].meta.notes = vec![note(
        "Jane Doe entered her credentials on the attackers' fake VPN page.",
    )];
    let oncall = staff(
        &mut case,
        "staff-oncall",
        "Priya Natarajan",
        "Engineer A",
        "On-call security engineer",
    );
    case.staff[oncall].team = "Security".to_owned();
    let ceo = staff(
        &mut case,
        "staff-ceo",
        "Jack Dorsey",
        "CEO",
        "Chief executive",
    );
    case.staff[ceo].protected = Some(false);
    let ir = staff(
        &mut case,
        "staff-ir",
        "Incident response team",
        "",
        "Incident response",
    );
    case.staff[ir].group = true;
    case.staff[ir].size = Some(count(12, true, None));

    // Outside people.
    let attackers = outsider(
        &mut case,
        "out-attackers",
        "The attackers",
        OutsiderRole::Attacker,
    );
    case.outsiders[attackers].group = true;
    case.outsiders[attackers].size = Some(count(3, false, Some(Limit::AtLeast)));
    case.outsiders[attackers].meta.notes = vec![note(
        "Three people were charged on 31 July 2020; Kevin Ostrander is said to have run the sales.",
    )];
    case.outsiders[attackers].meta.sources = sources(&["src-complaint"]);
    let kevin = outsider(&mut case, "out-kevin", ATTACKER, OutsiderRole::Attacker);
    case.outsiders[kevin].pseudonym = "Attacker A".to_owned();
    case.outsiders[kevin].meta.notes = vec![note("Ostrander was a minor at the time.")];
    let krebs = outsider(&mut case, "out-krebs", JOURNALIST, OutsiderRole::Journalist);
    case.outsiders[krebs].organisation = "KrebsOnSecurity".to_owned();
    let dfs = outsider(
        &mut case,
        "out-dfs",
        "New York State Department of Financial Services",
        OutsiderRole::Regulator,
    );
    case.outsiders[dfs].group = true;
    case.outsiders[dfs].organisation = "NY DFS".to_owned();

    // Actions.
    let by_attackers = || Actor::Outsider("out-attackers".into());
    let phish = action(
        &mut case,
        "act-phish",
        ActionKind::Other,
        "Employees phished by phone and led to a fake VPN login page",
        "week of 2020-07-13",
        by_attackers(),
    );
    case.actions[phish].authorization = Authorization::Unauthorized;
    case.actions[phish].discovered = Some(at("2020-07-15"));
    case.actions[phish].disclosed = Some(at("2020-07-30"));
    case.actions[phish].meta.sources = sources(&["src-twitter-blog", "src-nydfs"]);

    let takeover = action(
        &mut case,
        "act-takeover",
        ActionKind::AccountTakeover,
        "Admin tool used to take over high-profile accounts",
        "by 2020-07-15 15:30",
        by_attackers(),
    );
    let a = &mut case.actions[takeover];
    a.targets = ["acct-elonmusk", "acct-obama", "acct-apple", "acct-exchange"]
        .map(AccountId::from)
        .to_vec();
    a.through = Some(Through::Staff("staff-jane".into()));
    a.authorization = Authorization::Unauthorized;
    a.duration = Some(ApproxDuration {
        secs: 5 * 3600,
        approximate: false,
        limit: Some(Limit::AtLeast),
    });
    a.discovered = Some(at("2020-07-15 16:30"));
    a.meta.sources = sources(&["src-nydfs"]);

    let post = action(
        &mut case,
        "act-post-musk",
        ActionKind::UnauthorizedPost,
        "Bitcoin scam posted from @elonmusk",
        "2020-07-15 16:17",
        by_attackers(),
    );
    let a = &mut case.actions[post];
    a.targets = vec!["acct-elonmusk".into()];
    a.through = Some(Through::Account("acct-elonmusk".into()));
    a.start_source = Some("src-verge".into());
    a.alternatives = vec![alt("2020-07-15 16:20", "src-nyt")];
    a.authorization = Authorization::Unauthorized;
    a.meta.key_event = true;
    a.meta.sources = sources(&["src-verge", "src-nyt"]);

    let lock = action(
        &mut case,
        "act-lock",
        ActionKind::Restriction,
        "Verified accounts stopped from posting",
        "2020-07-15 18:15",
        Actor::Staff("staff-oncall".into()),
    );
    let a = &mut case.actions[lock];
    a.targets = vec!["acct-verified".into()];
    a.start_source = Some("src-nyt".into());
    a.alternatives = vec![
        alt("2020-07-15 18:20", "src-wapo"),
        alt("after 2020-07-15 15:00", "src-reuters"),
    ];
    a.decided = Some(at("~2020-07-15 18:00"));
    a.duration = Some(ApproxDuration::new(2 * 3600, true));
    a.assessment = Some(Assessment::Correct);
    a.meta.key_event = true;
    a.meta.sources = sources(&["src-nyt", "src-wapo", "src-reuters"]);

    let extend = action(
        &mut case,
        "act-lock-extended",
        ActionKind::Restriction,
        "Posting lock on verified accounts kept overnight",
        "2020-07-15 20:15",
        Actor::Staff("staff-ir".into()),
    );
    let a = &mut case.actions[extend];
    a.targets = vec!["acct-verified".into()];
    a.amends = Some(ActionLink {
        kind: ActionLinkKind::Extends,
        action: "act-lock".into(),
    });
    a.duration = Some(ApproxDuration {
        secs: 12 * 3600,
        approximate: false,
        limit: Some(Limit::AtLeast),
    });
    a.planned_end = Some(at("2020-07-16 morning"));
    a.assessment = Some(Assessment::Disputed);
    a.meta.notes = vec![note(
        "Journalists and emergency services could not post overnight.",
    )];

    let mistake = action(
        &mut case,
        "act-mistake",
        ActionKind::Suspension,
        "Bystander suspended although it had only reposted the scam",
        "2020-07-15 19:05",
        Actor::Staff("staff-oncall".into()),
    );
    let a = &mut case.actions[mistake];
    a.targets = vec!["acct-bystander".into()];
    a.assessment = Some(Assessment::Erroneous);
    let reinstate = action(
        &mut case,
        "act-reinstate",
        ActionKind::Reinstatement,
        "Bystander's account restored",
        "2020-07-16 10:00",
        Actor::Staff("staff-oncall".into()),
    );
    case.actions[reinstate].targets = vec!["acct-bystander".into()];
    case.actions[reinstate].reverses = Some("act-mistake".into());

    let reset = action(
        &mut case,
        "act-reset",
        ActionKind::CredentialReset,
        "Passwords reset on the taken-over accounts",
        "2020-07-16",
        Actor::Staff("staff-ir".into()),
    );
    case.actions[reset].targets = ["acct-elonmusk", "acct-obama", "acct-apple"]
        .map(AccountId::from)
        .to_vec();
    let revoke = action(
        &mut case,
        "act-revoke",
        ActionKind::AccessRevoked,
        "Admin tool access withdrawn from most employees",
        "2020-07-15 evening",
        Actor::Staff("staff-ir".into()),
    );
    case.actions[revoke].disclosed = Some(at("2020-07-18"));

    // Statements: the scam, a thread with an update, a claim and its correction, the press.
    let scam = statement(
        &mut case,
        "stmt-scam",
        Speaker::Outsider("out-attackers".into()),
        Channel::Post,
        "I'm feeling generous because of Covid-19. I'll double any BTC payment sent to my BTC \
         address for the next hour. Good luck, and stay safe out there!",
        "2020-07-15 16:17",
    );
    let s = &mut case.statements[scam];
    s.through = Some(Through::Account("acct-elonmusk".into()));
    s.when_source = Some("src-verge".into());
    s.alternatives = vec![alt("2020-07-15 16:20", "src-nyt")];
    s.about = vec!["act-post-musk".into()];
    s.meta.key_event = true;
    let aware = statement(
        &mut case,
        "stmt-aware",
        Speaker::Organisation("Twitter Support".to_owned()),
        Channel::Post,
        "We are aware of a security incident impacting accounts on Twitter. We are \
         investigating and taking steps to fix it. We will update everyone shortly.",
        "2020-07-15 17:45",
    );
    case.statements[aware].meta.sources = sources(&["src-verge"]);
    let update = statement(
        &mut case,
        "stmt-update",
        Speaker::Organisation("Twitter Support".to_owned()),
        Channel::Post,
        "You may be unable to Tweet or reset your password while we review and address this \
         incident.",
        "2020-07-15 18:32",
    );
    case.statements[update].follows = Some(StatementLink {
        kind: StatementLinkKind::Updates,
        statement: "stmt-aware".into(),
    });
    case.statements[update].about = vec!["act-lock".into()];
    let claim = statement(
        &mut case,
        "stmt-no-dms",
        Speaker::Organisation("Twitter".to_owned()),
        Channel::Blog,
        "We have no evidence that the attackers accessed private messages.",
        "2020-07-17",
    );
    case.statements[claim].verbatim = false;
    case.statements[claim].meta.sources = sources(&["src-twitter-blog"]);
    let correction = statement(
        &mut case,
        "stmt-dms",
        Speaker::Organisation("Twitter".to_owned()),
        Channel::Blog,
        "The attackers accessed the DM inbox of 36 of the 130 targeted accounts.",
        "2020-07-22",
    );
    case.statements[correction].follows = Some(StatementLink {
        kind: StatementLinkKind::Corrects,
        statement: "stmt-no-dms".into(),
    });
    case.statements[correction].meta.key_event = true;
    case.statements[correction].meta.sources = sources(&["src-twitter-blog"]);
    let krebs_says = statement(
        &mut case,
        "stmt-krebs",
        Speaker::Outsider("out-krebs".into()),
        Channel::Blog,
        "Sources say Kevin Ostrander sold access to the admin panel for a few thousand dollars.",
        "2020-07-16",
    );
    case.statements[krebs_says].when_source = Some("src-krebs".into());
    case.statements[krebs_says].meta.sources = sources(&["src-krebs"]);
    statement(
        &mut case,
        "stmt-ceo",
        Speaker::Staff("staff-ceo".into()),
        Channel::Post,
        "Tough day for us at Twitter. We all feel terrible this happened.",
        "2020-07-15 21:00",
    );

    // Sources.
    source(
        &mut case,
        "src-nyt",
        "Hackers Convinced Twitter Employee to Help Them Hijack Accounts",
        "NYT",
        "https://www.nytimes.com/2020/07/15/technology/twitter-hack.html",
        "2020-07-15",
    );
    case.sources[0].also_at = vec![SourceLink {
        url: "https://web.archive.org/web/20200716/https://www.nytimes.com/2020/07/15/technology/twitter-hack.html".to_owned(),
        label: "archived copy".to_owned(),
    }];
    source(
        &mut case,
        "src-wapo",
        "Twitter says hackers targeted 130 accounts",
        "WaPo",
        "https://www.washingtonpost.com/technology/2020/07/16/twitter-hack/",
        "2020-07-16",
    );
    source(
        &mut case,
        "src-reuters",
        "Twitter hack: verified accounts locked",
        "Reuters",
        "https://www.reuters.com/article/us-twitter-cyber",
        "2020-07-15",
    );
    source(
        &mut case,
        "src-verge",
        "Elon Musk, Bill Gates and others hacked in bitcoin scam",
        "The Verge",
        "https://www.theverge.com/2020/7/15/21326200/twitter-hack-bitcoin-scam",
        "2020-07-15",
    );
    source(
        &mut case,
        "src-twitter-blog",
        "An update on our security incident",
        "Twitter",
        "https://blog.twitter.com/en_us/topics/company/2020/an-update-on-our-security-incident",
        "2020-07-17",
    );
    source(
        &mut case,
        "src-nydfs",
        "Twitter Investigation Report",
        "NY DFS",
        "https://www.dfs.ny.gov/Twitter_Report",
        "2020-10-14",
    );
    source(
        &mut case,
        "src-krebs",
        "Who's Behind Wednesday's Epic Twitter Hack?",
        "KrebsOnSecurity",
        "https://krebsonsecurity.com/2020/07/whos-behind-wednesdays-epic-twitter-hack/",
        "2020-07-16",
    );
    source(
        &mut case,
        "src-complaint",
        "Criminal complaint against the attackers",
        "U.S. District Court",
        "https://www.justice.gov/usao-ndca/twitter-hack-complaint",
        "2020-07-31",
    );
    case.sources[7].also_at = vec![SourceLink {
        url: "https://archive.example.org/2020/kevin-ostrander-complaint.pdf".to_owned(),
        label: "archived copy".to_owned(),
    }];

    // Impact figures: agreeing, disagreeing, approximate, bounded.
    let c = &mut case;
    figure(
        c,
        "accounts targeted",
        Count::exact(130),
        "accounts",
        Some("2020-07-18"),
        "src-twitter-blog",
    );
    figure(
        c,
        "accounts targeted",
        Count::exact(130),
        "accounts",
        Some("2020-10-14"),
        "src-nydfs",
    );
    figure(
        c,
        "accounts that posted the scam",
        Count::exact(45),
        "accounts",
        None,
        "src-twitter-blog",
    );
    figure(
        c,
        "received in bitcoin",
        count(118_000, true, None),
        "$",
        Some("2020-10-14"),
        "src-nydfs",
    );
    figure(
        c,
        "received in bitcoin",
        count(100_000, false, Some(Limit::AtLeast)),
        "$",
        None,
        "src-reuters",
    );
    figure(
        c,
        "transfers to the scam addresses",
        count(400, false, Some(Limit::AtLeast)),
        "transfers",
        None,
        "src-nyt",
    );
    figure(
        c,
        "transfers to the scam addresses",
        count(1_100, false, Some(Limit::AtLeast)),
        "transfers",
        None,
        "src-wapo",
    );
    figure(
        c,
        "transfers to Kevin Ostrander's wallet",
        count(20, true, None),
        "transfers",
        None,
        "src-complaint",
    );
    figure(
        c,
        "accounts whose data archive was downloaded",
        count(8, false, Some(Limit::AtMost)),
        "accounts",
        None,
        "src-twitter-blog",
    );

    case.postmortem.impact = "High-profile accounts posted a scam to tens of millions of \
        followers; every verified account was silenced overnight."
        .to_owned();
    case.postmortem.root_cause =
        "Phone phishing of employees with access to the internal account tools.".to_owned();
    case.postmortem.contributing_factors = vec![
        "Too many employees had the admin tool".to_owned(),
        "No hardware security keys for the account tools".to_owned(),
    ];
    let Record::FollowUp(mut f) = fresh(&case, RecordKind::FollowUp) else {
        unreachable!()
    };
    f.id = "fu-keys".into();
    f.description = "Hardware security keys for everyone with account tools".to_owned();
    f.owner = "Security".to_owned();
    f.status = FollowUpStatus::Done;
    case.postmortem.follow_ups.push(f);
    case
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn opts() -> ExportOptions {
    ExportOptions {
        exported_at: "2026-11-28T12:00:00Z".parse().unwrap(),
        ..ExportOptions::default()
    }
}

/// Whitespace runs as one space: text as pdftotext wraps it compares with text as written.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_has(what: &str, text: &str, needle: &str) {
    assert!(
        flat(text).contains(needle),
        "{what} should contain {needle:?}; it is:\n{}",
        flat(text)
    );
}

/// The report as pdftotext reads it: the whole text and each page's.
fn pdf_text(case: &Case) -> (String, Vec<String>) {
    let bytes = export::pdf(case, &opts()).unwrap();
    let pdf = PdfFile::new(&bytes);
    let pages = (1..=pdf.page_count()).map(|n| pdf.page_text(n)).collect();
    (pdf.flow_text(), pages)
}

/// A line of text drawn on an SVG page: its text, where, and its runs of style (one for plain
/// text; several for a line set in mixed styles, drawn as `tspan`s).
struct Text {
    text: String,
    x: f64,
    y: f64,
    size: f64,
    face: Face,
    fill: String,
    end: bool,
    /// (text, face, size) of each run.
    runs: Vec<(String, Face, f64)>,
}

impl Text {
    fn width(&self) -> f64 {
        self.runs
            .iter()
            .map(|(t, face, size)| text_width(t, *face, *size))
            .sum()
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(tag[at..at + tag[at..].find('"')?].to_owned())
}

fn face_of(tag: &str) -> Face {
    if tag.contains("font-weight=\"bold\"") {
        Face::Bold
    } else if tag.contains("font-style=\"italic\"") {
        Face::Oblique
    } else {
        Face::Regular
    }
}

fn unescape(text: &str) -> String {
    export::svg_text(text).trim_end_matches('\n').to_owned()
}

fn texts(svg: &str) -> Vec<Text> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find("<text ") {
        let tag_end = open + rest[open..].find('>').unwrap();
        let tag = &rest[open..tag_end];
        let close = tag_end + rest[tag_end..].find("</text>").unwrap();
        let body = &rest[tag_end + 1..close];
        let num = |t: &str, n: &str| attr(t, n).unwrap().parse::<f64>().unwrap();
        let (size, face) = (num(tag, "font-size"), face_of(tag));
        let runs: Vec<(String, Face, f64)> = if body.starts_with("<tspan ") {
            body.split("</tspan>")
                .filter_map(|part| {
                    let open = part.find("<tspan ")?;
                    let end = open + part[open..].find('>')?;
                    let tspan = &part[open..end];
                    Some((
                        unescape(&part[end + 1..]),
                        face_of(tspan),
                        num(tspan, "font-size"),
                    ))
                })
                .collect()
        } else {
            vec![(unescape(body), face, size)]
        };
        out.push(Text {
            text: runs.iter().map(|r| r.0.as_str()).collect(),
            x: num(tag, "x"),
            y: num(tag, "y"),
            size: runs.iter().map(|r| r.2).fold(size, f64::max),
            face,
            fill: attr(tag, "fill").unwrap_or_default(),
            end: tag.contains("text-anchor=\"end\""),
            runs,
        });
        rest = &rest[close..];
    }
    out
}

/// No two lines of text on a report page overlap, and none runs off the page (the pages before
/// the timeline figure, which is laid out by the timeline's own code).
#[track_caller]
pub(crate) fn assert_no_overlaps(pages: &[String]) {
    for (n, svg) in pages.iter().enumerate() {
        let boxes: Vec<(String, f64, f64, f64, f64)> = texts(svg)
            .into_iter()
            .map(|t| {
                let w = t.width();
                let x0 = if t.end { t.x - w } else { t.x };
                (t.text, x0, t.y - t.size * 0.75, x0 + w, t.y + t.size * 0.2)
            })
            .collect();
        if boxes.iter().any(|b| b.0 == "Timeline") {
            break;
        }
        let page_w = svg
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse::<f64>().ok())
            .unwrap();
        for b in &boxes {
            assert!(
                b.1 >= 0.0 && b.3 <= page_w,
                "page {}: {:?} runs off the page",
                n + 1,
                b.0
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap_x = a.1 < b.3 - 0.5 && b.1 < a.3 - 0.5;
                let overlap_y = a.2 < b.4 - 0.5 && b.2 < a.4 - 0.5;
                assert!(
                    !(overlap_x && overlap_y),
                    "page {}: {:?} overlaps {:?}",
                    n + 1,
                    a.0,
                    b.0
                );
            }
        }
    }
}

/// No page ends with a heading whose content starts on the next page.
#[track_caller]
pub(crate) fn assert_no_orphan_headings(pages: &[String]) {
    for (n, svg) in pages.iter().enumerate() {
        let all = texts(svg);
        let height = svg
            .split("height=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .and_then(|h| h.parse::<f64>().ok())
            .unwrap();
        // The body: below the running header, above the footer.
        let last = all
            .iter()
            .filter(|t| t.y > 40.0 && t.y < height - 50.0)
            .max_by(|a, b| a.y.total_cmp(&b.y));
        if let Some(t) = last {
            let heading = t.face == Face::Bold && t.size >= 10.0 && t.size <= 14.0;
            assert!(
                !heading || n + 1 == pages.len(),
                "page {} ends with the heading {:?}",
                n + 1,
                t.text
            );
        }
    }
}

fn save(case: &Case, dir: &Path) -> std::path::PathBuf {
    let path = dir.join("takeover-2020.case.ron");
    store::save(&path, case, None).unwrap();
    path
}

fn casebook(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "casebook {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn the_takeover_case_is_valid_and_survives_a_save() {
    let case = takeover_2020();
    // One warning, on purpose: an account nothing is known of but that it exists.
    let problems = validate(&case);
    assert!(
        problems.len() == 1
            && problems[0].level == Level::Warning
            && problems[0].message.contains("account with no known handle"),
        "{problems:#?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let back = store::load(&save(&case, dir.path())).unwrap().case;
    assert_eq!(back, case);
}

#[test]
fn the_cover_says_how_large_the_incident_was() {
    let case = takeover_2020();
    let (_, pages) = pdf_text(&case);
    let cover = &pages[0];
    for expected in [
        "Impact",
        "Accounts targeted",
        "130 accounts (Twitter) / 130 (NY DFS)",
        "Received in bitcoin",
        "about $118,000 (NY DFS) / at least $100,000 (Reuters)",
        "sources disagree",
        "Transfers to the scam addresses",
        "at least 400 transfers (NYT) / at least 1,100 (WaPo)",
        "Accounts whose data archive was downloaded",
        "at most 8 accounts (Twitter)",
        // What the file holds is not the incident's size, and says so.
        "Records in this file",
        "6 accounts · 4 staff members · 4 outside people · 9 actions · 7 statements · 8 sources",
    ] {
        assert_has("the cover", cover, expected);
    }
    // The numbers are set larger than the body text, in bold; who gives them, small.
    let first = &export::pages(&case, &opts())[0];
    let figure = texts(first)
        .into_iter()
        .find(|t| t.text == "130 accounts (Twitter) / 130 (NY DFS)")
        .unwrap();
    let run = |text: &str| {
        figure
            .runs
            .iter()
            .find(|r| r.0.trim() == text)
            .unwrap_or_else(|| panic!("no run {text:?} in {:?}", figure.runs))
    };
    assert_eq!(
        (run("130 accounts").1, run("130").1),
        (Face::Bold, Face::Bold)
    );
    assert!(run("130 accounts").2 >= 11.0);
    assert_eq!(run("(Twitter)").1, Face::Regular);
    assert!(run("(NY DFS)").2 < 9.0);
    // The impact comes before the key facts.
    let flat_cover = flat(cover);
    assert!(
        flat_cover.find("Accounts targeted").unwrap() < flat_cover.find("Key facts").unwrap(),
        "{flat_cover}"
    );
}

#[test]
fn the_report_shows_outside_people_after_staff() {
    let (text, _) = pdf_text(&takeover_2020());
    let text = flat(&text);
    let staff = text.find("Staff involved").unwrap();
    let outside = text.find("Outside people").unwrap();
    let actions = text.find("Actions").unwrap();
    assert!(staff < outside && outside < actions, "{text}");
    let section = &text[outside..actions];
    for expected in [
        "The attackers",
        "Group of at least 3",
        "Attacker",
        "Performed 3 actions, made 1 statement",
        ATTACKER,
        "Shared outside as “Attacker A”",
        JOURNALIST,
        "Journalist",
        "KrebsOnSecurity",
        "Made 1 statement",
        "Named in redacted exports",
        "Regulator",
    ] {
        assert_has("the outside people", section, expected);
    }
}

#[test]
fn the_report_names_accounts_classes_and_whose_access_was_used() {
    let (text, _) = pdf_text(&takeover_2020());
    for expected in [
        // A class of accounts and accounts without a handle.
        "all verified accounts",
        "Class of accounts",
        "about 360,000 accounts in the class",
        "On all verified accounts (class, about 360,000 accounts)",
        "account with no known handle",
        "On @elonmusk, @BarackObama, @Apple, account with no known handle",
        // The performer by name, and whose access they used.
        "attacker (outside)",
        "Using Jane Doe's credentials",
        "From @elonmusk's account",
        // The new kinds of action.
        "Account takeover / compromise",
        "Unauthorized post",
        "Credential reset",
        "Access revoked",
    ] {
        assert_has("the report", &text, expected);
    }
}

#[test]
fn the_report_gives_every_time_the_sources_give_and_every_date_an_action_has() {
    let (text, _) = pdf_text(&takeover_2020());
    for expected in [
        "Sources differ: 18:15 EDT (NYT) / 18:20 EDT (WaPo) / after 15:00 EDT (Reuters)",
        "Sources differ: 16:17 EDT (The Verge) / 16:20 EDT (NYT)",
        "Sources differ on the time: 16:17 EDT (The Verge) / 16:20 EDT (NYT)",
        "Time per KrebsOnSecurity",
        "decided 2020-07-15 ~18:00 EDT",
        "set to end 2020-07-16 morning",
        "discovered 2020-07-15",
        "disclosed 2020-07-30",
        // Bounds and weeks read as written.
        "by 2020-07-15 15:30 EDT",
        "week of 2020-07-13",
        // A duration known only as a lower limit says so.
        "lasted at least 12 h",
        "lasted at least 5 h",
        "lasted ~2 h",
    ] {
        assert_has("the report", &text, expected);
    }
}

#[test]
fn the_report_says_how_each_action_was_judged_and_what_it_extends() {
    let (text, _) = pdf_text(&takeover_2020());
    for expected in [
        "authorized, judged correct",
        "authorized, judged erroneous",
        "authorized, disputed",
        "UNAUTHORIZED",
        "Extends the earlier action “Verified accounts stopped from posting” (2020-07-15 18:15 EDT)",
        "Reverses: Bystander suspended although it had only reposted the scam",
    ] {
        assert_has("the report", &text, expected);
    }
}

#[test]
fn a_correction_stands_out_and_an_update_reads_calmly() {
    let case = takeover_2020();
    let (text, _) = pdf_text(&case);
    assert_has(
        "the report",
        &text,
        "Corrects the earlier statement by Twitter (2020-07-17): (paraphrase) We have no evidence",
    );
    assert_has(
        "the report",
        &text,
        "Corrected later by Twitter (2020-07-22)",
    );
    assert_has(
        "the report",
        &text,
        "Update in the same thread as Twitter Support's statement of 2020-07-15 17:45 EDT",
    );
    assert!(!flat(&text).contains("Updates the earlier statement"));
    // As drawn: the correction bold in the alarm colour, the update in plain muted type.
    let pages = export::pages(&case, &opts());
    let all: Vec<Text> = pages.iter().flat_map(|p| texts(p)).collect();
    let line = |start: &str| {
        all.iter()
            .find(|t| t.text.starts_with(start))
            .unwrap_or_else(|| panic!("no line starts with {start:?}"))
    };
    let correction = line("Corrects the earlier statement");
    let update = line("Update in the same thread");
    assert_eq!(correction.face, Face::Bold);
    assert_eq!(update.face, Face::Regular);
    assert_ne!(correction.fill, update.fill);
}

#[test]
fn the_report_lists_every_address_of_a_source_and_the_figures_by_source() {
    let (text, _) = pdf_text(&takeover_2020());
    let text = flat(&text);
    assert_has(
        "the report",
        &text,
        "Archived copy: https://web.archive.org/web/20200716/",
    );
    assert_has(
        "the report",
        &text,
        "Archived copy: https://archive.example.org/2020/kevin-ostrander-complaint.pdf",
    );
    let postmortem = &text[text.rfind("Postmortem").unwrap()..];
    for expected in [
        "What was counted",
        "Figures, by source",
        "Accounts targeted",
        "2 sources agree",
        "130 accounts (Twitter) / 130 (NY DFS)",
        "Twitter [5], as of 2020-07-18 · NY DFS [6], as of 2020-10-14",
        "Received in bitcoin",
        "Sources disagree",
        "about $118,000 (NY DFS) / at least $100,000 (Reuters)",
        "NY DFS [6], as of 2020-10-14 · Reuters [3]",
        "at most 8 accounts (Twitter)",
    ] {
        assert_has("the postmortem", postmortem, expected);
    }
}

#[test]
fn the_report_pages_have_no_overlapping_or_overflowing_text_and_no_lone_headings() {
    for case in [takeover_2020(), common::sample(), common::small_case()] {
        for redact in [false, true] {
            for (paper, landscape) in [(Paper::A4, false), (Paper::Letter, true)] {
                let o = ExportOptions {
                    redact,
                    paper,
                    landscape,
                    ..opts()
                };
                let pages = export::pages(&case, &o);
                assert_no_overlaps(&pages);
                assert_no_orphan_headings(&pages);
            }
        }
    }
}

#[test]
#[should_panic(expected = "overlaps")]
fn the_overlap_check_sees_two_lines_drawn_over_each_other() {
    let page = r#"<svg width="600" height="800"><text x="50" y="100" font-size="9" fill="black">First line of text</text>
<text x="60" y="104" font-size="9" fill="black">Second line</text></svg>"#;
    assert_no_overlaps(&[page.to_owned()]);
}

#[test]
fn show_prints_impact_outside_people_and_what_actions_did() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(&takeover_2020(), dir.path());
    let text = casebook(&["show", path.to_str().unwrap()]);
    for expected in [
        "IMPACT FIGURES",
        "- Accounts targeted: 130 accounts (Twitter) / 130 (NY DFS)",
        "- Received in bitcoin: about $118,000 (NY DFS) / at least $100,000 (Reuters) — sources disagree",
        "NY DFS [6], as of 2020-10-14",
        "OUTSIDE PEOPLE (4)",
        "The attackers — attacker · group of at least 3 · named in redacted exports",
        "Kevin Ostrander — attacker · redacted as “Attacker A”",
        "Brian Krebs — journalist · KrebsOnSecurity · named in redacted exports",
        "all verified accounts on Twitter (unknown)",
        "a class of accounts, about 360,000 accounts",
        "account with no known handle on Twitter",
        "by The attackers (attacker) on @elonmusk, @BarackObama, @Apple, account with no known handle, using Jane Doe's credentials",
        "on all verified accounts (class, about 360,000 accounts), lasted at least 12 h",
        "authorized, judged erroneous",
        "sources differ: 18:15 EDT (NYT) / 18:20 EDT (WaPo) / after 15:00 EDT (Reuters)",
        "decided 2020-07-15 ~18:00 EDT",
        "set to end 2020-07-16 morning",
        "Extends the earlier action “Verified accounts stopped from posting”",
        "STATEMENT — The attackers, from @elonmusk's account · post",
        "CORRECTS the earlier statement by Twitter (2020-07-17)",
        "CORRECTED later by Twitter (2020-07-22)",
        "Update in the same thread as Twitter Support's statement",
        "archived copy: <https://web.archive.org/web/20200716/",
    ] {
        assert_has("show", &text, expected);
    }
    // The counted impact comes first, before the records.
    assert!(text.find("IMPACT FIGURES").unwrap() < text.find("REPORTED ACCOUNTS").unwrap());
}

#[test]
fn csv_keeps_its_first_columns_and_adds_the_new_ones_at_the_end() {
    assert_eq!(
        export::csv::HEADER[..14],
        [
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
        ]
    );
    let (header, rows) = csv_rows(&export::csv_text(&takeover_2020(), &opts()));
    assert_eq!(header, export::csv::HEADER);
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
}

#[test]
fn csv_rows_carry_the_new_action_and_statement_fields() {
    let (header, rows) = csv_rows(&export::csv_text(&takeover_2020(), &opts()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |id: &str| {
        rows.iter()
            .find(|r| r[col("record_id")] == id)
            .unwrap_or_else(|| panic!("no row for {id}"))
    };
    let lock = row("act-lock");
    assert_eq!(lock[col("lane")], "all verified accounts");
    assert_eq!(
        lock[col("targets")],
        "all verified accounts (class, about 360,000 accounts)"
    );
    assert_eq!(lock[col("time_source")], "NYT");
    assert_eq!(
        lock[col("other_times")],
        "2020-07-15 18:20 EDT (WaPo); after 2020-07-15 15:00 EDT (Reuters)"
    );
    assert_eq!(lock[col("decided_local")], "2020-07-15 ~18:00 EDT");
    assert_eq!(lock[col("authorization")], "authorized");
    assert_eq!(lock[col("assessment")], "correct");
    assert_eq!(lock[col("duration")], "about 2 h");
    let extended = row("act-lock-extended");
    assert_eq!(extended[col("duration")], "at least 12 h");
    assert!(extended[col("what")].ends_with("[lasted at least 12 h]"));
    assert_eq!(extended[col("planned_end_local")], "2020-07-16 morning");
    assert_eq!(extended[col("link")], "extends");
    assert_eq!(extended[col("link_record_id")], "act-lock");
    assert_eq!(extended[col("assessment")], "disputed");
    let takeover = row("act-takeover");
    assert_eq!(takeover[col("kind")], "account takeover / compromise");
    assert_eq!(takeover[col("who")], "The attackers");
    assert_eq!(takeover[col("who_role")], "attacker (outside)");
    assert_eq!(takeover[col("through")], "using Jane Doe's credentials");
    assert_eq!(takeover[col("start_local")], "by 2020-07-15 15:30 EDT");
    assert_eq!(takeover[col("authorization")], "unauthorized");
    assert_eq!(takeover[col("discovered_local")], "2020-07-15 16:30 EDT");
    assert_eq!(row("act-phish")[col("disclosed_local")], "2020-07-30");
    assert_eq!(row("act-phish")[col("start_local")], "week of 2020-07-13");
    let reinstate = row("act-reinstate");
    assert_eq!(reinstate[col("link")], "reverses");
    assert_eq!(reinstate[col("link_record_id")], "act-mistake");
    let scam = row("stmt-scam");
    assert_eq!(scam[col("through")], "from @elonmusk's account");
    assert_eq!(scam[col("who_role")], "attacker (outside)");
    assert_eq!(scam[col("time_source")], "The Verge");
    assert_eq!(scam[col("other_times")], "2020-07-15 16:20 EDT (NYT)");
    let correction = row("stmt-dms");
    assert_eq!(correction[col("link")], "corrects");
    assert_eq!(correction[col("link_record_id")], "stmt-no-dms");
    assert_eq!(row("stmt-update")[col("link")], "updates");
    assert_eq!(
        row("src-nyt")[col("also_at")],
        "archived copy: https://web.archive.org/web/20200716/https://www.nytimes.com/2020/07/15/technology/twitter-hack.html"
    );
}

#[test]
fn csv_lists_impact_figures_and_outside_people() {
    let case = takeover_2020();
    let (header, rows) = csv_rows(&export::csv_text(&case, &opts()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let figures: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("kind")] == "impact figure")
        .collect();
    assert_eq!(figures.len(), case.postmortem.figures.len());
    let targeted: Vec<_> = figures
        .iter()
        .filter(|r| r[col("measure")] == "accounts targeted")
        .collect();
    assert_eq!(targeted.len(), 2);
    assert_eq!(targeted[0][col("who")], "Twitter");
    assert_eq!(targeted[0][col("start_local")], "2020-07-18");
    assert_eq!(targeted[0][col("count")], "130");
    assert_eq!(targeted[0][col("unit")], "accounts");
    assert_eq!(targeted[1][col("who")], "NY DFS");
    let bitcoin = figures.iter().find(|r| r[col("who")] == "Reuters").unwrap();
    assert_eq!(
        bitcoin[col("what")],
        "received in bitcoin: at least $100,000"
    );
    assert_eq!(bitcoin[col("count")], "100000");
    assert_eq!(bitcoin[col("count_qualifier")], "at least");
    assert_eq!(bitcoin[col("start_utc")], "", "no date was given for it");
    let outside: Vec<&str> = rows
        .iter()
        .filter(|r| r[col("kind")] == "outside person")
        .map(|r| r[col("who")].as_str())
        .collect();
    assert_eq!(
        outside,
        [
            "The attackers",
            ATTACKER,
            JOURNALIST,
            "New York State Department of Financial Services"
        ]
    );
    // Rows without a time come after every dated row.
    let first_undated = rows
        .iter()
        .position(|r| r[col("start_utc")].is_empty())
        .unwrap();
    assert!(
        rows[first_undated..]
            .iter()
            .all(|r| r[col("start_utc")].is_empty())
    );
    // A range keeps only dated rows in it.
    let from = chrono::DateTime::parse_from_rfc3339("2020-10-14T00:00:00-04:00").unwrap();
    let ranged = ExportOptions {
        from: Some(from.timestamp() as f64),
        ..opts()
    };
    let (_, rows) = csv_rows(&export::csv_text(&case, &ranged));
    assert!(rows.iter().all(|r| !r[col("start_utc")].is_empty()));
    assert!(rows.iter().any(|r| r[col("who")] == "NY DFS"));
}

/// Writes the report (PDF and 150 dpi PNG pages) and the CSV for a look by eye:
/// `CASEBOOK_REVIEW_DIR=/tmp/review cargo test --test it report_v2::write_for_review -- --ignored`.
#[test]
#[ignore = "writes files for review by eye"]
fn write_for_review() {
    let dir = std::env::var("CASEBOOK_REVIEW_DIR").unwrap_or_else(|_| "target/review".to_owned());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let case = takeover_2020();
    save(&case, dir);
    for (redact, name) in [(false, "report"), (true, "report-redacted")] {
        for (format, out) in [
            (Format::Pdf, dir.join(format!("{name}.pdf"))),
            (Format::Png, dir.join(name)),
            (Format::Csv, dir.join(format!("{name}.csv"))),
        ] {
            let o = ExportOptions {
                format,
                redact,
                dpi: 150,
                ..opts()
            };
            export::export(&case, "takeover-2020.case.ron", &o, &out, &Progress::new()).unwrap();
        }
    }
}

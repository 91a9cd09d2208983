#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The timeline of a messy case, at the layout level: the 2020 account takeover. Attackers (an
//! outside group) take over @a and @b through a phished employee's credentials and post from
//! them; the platform blocks a whole class of accounts ("all verified accounts") for hours,
//! resets credentials and locks @a and @b for at least 12 hours (then extends @b's lock); one
//! source says the block began at 18:15, another 18:20. Each behaviour the timeline must show is
//! checked on the items, the lanes and the exported figure.
//!
//! `cargo test --test it timeline_takeover::write_the_case -- --ignored` writes the case to
//! `target/takeover-2020.case.ron`, to export or open it and look.

use casebook::export::{self, ExportOptions, Format};
use casebook::model::state::{AccountState, account_history};
use casebook::model::*;
use casebook::timeline::{
    Grouping, Item, ItemKind, LaneKey, Lanes, Moments, TimeView, derive_items,
};
use chrono::{DateTime, Utc};

use crate::common;

fn ny() -> chrono_tz::Tz {
    common::ny()
}

fn at(text: &str) -> When {
    common::when(text, ny())
}

fn secs(text: &str) -> f64 {
    at(text).at.timestamp() as f64
}

fn now() -> DateTime<Utc> {
    common::fixed_now()
}

fn account(id: &str, handle: &str) -> Account {
    Account {
        kind: AccountKind::Individual,
        ..Account::new(AccountId::from(id), "Twitter", handle, now())
    }
}

fn action(id: &str, kind: ActionKind, summary: &str, start: &str) -> Action {
    Action {
        authorization: Authorization::Authorized,
        ..Action::new(ActionId::from(id), kind, summary, at(start), now())
    }
}

fn targets(ids: &[&str]) -> Vec<AccountId> {
    ids.iter().map(|i| AccountId::from(*i)).collect()
}

fn source(id: &str, title: &str) -> Source {
    Source {
        id: SourceId::from(id),
        title: title.to_owned(),
        publisher: String::new(),
        url: format!("https://example.com/{id}"),
        also_at: Vec::new(),
        published: None,
        accessed: None,
        evidence: None,
        meta: Meta::new(now()),
    }
}

/// The 2020 takeover, as messy as sources tell it.
pub fn takeover_case() -> Case {
    let mut case = Case::new(
        "2020 account takeover: verified accounts hijacked through a phished employee",
        "America/New_York",
        now(),
    );
    case.info.id = CaseId::from("case-takeover-2020");
    case.accounts.push(account("acct-a", "@a"));
    case.accounts.push(account("acct-b", "@b"));
    case.accounts.push(Account {
        class: Some(AccountClass {
            description: "all verified accounts".to_owned(),
            estimated: Some(Count {
                value: 300_000,
                approximate: true,
                limit: None,
            }),
        }),
        kind: AccountKind::Unknown,
        ..account("acct-verified", "")
    });
    // An account known only by its display name.
    case.accounts.push(Account {
        display_name: "Crypto giveaway mirror".to_owned(),
        ..account("acct-mirror", "")
    });
    case.staff.push(Staff {
        id: StaffId::from("staff-phished"),
        name: "Phished employee".to_owned(),
        group: false,
        size: None,
        pseudonym: "Employee A".to_owned(),
        protected: None,
        role: "Support agent with admin tool access".to_owned(),
        team: "Support".to_owned(),
        employment: Employment::Employee,
        access_level: "admin tool".to_owned(),
        tenure_start: None,
        tenure_end: None,
        meta: Meta::new(now()),
    });
    case.staff.push(Staff {
        id: StaffId::from("staff-oncall"),
        name: "On-call security engineer".to_owned(),
        pseudonym: "Engineer A".to_owned(),
        role: "Security".to_owned(),
        ..case.staff[0].clone()
    });
    case.outsiders.push(Outsider {
        id: OutsiderId::from("out-attackers"),
        name: "The attackers".to_owned(),
        group: true,
        size: Some(Count {
            value: 3,
            approximate: true,
            limit: None,
        }),
        role: OutsiderRole::Attacker,
        organisation: String::new(),
        pseudonym: "Attackers".to_owned(),
        protected: None,
        meta: Meta::new(now()),
    });
    case.outsiders.push(Outsider {
        id: OutsiderId::from("out-fbi"),
        name: "FBI San Francisco".to_owned(),
        group: true,
        role: OutsiderRole::LawEnforcement,
        pseudonym: "Law enforcement".to_owned(),
        ..case.outsiders[0].clone()
    });
    case.sources
        .push(source("src-support", "Twitter Support thread"));
    case.sources
        .push(source("src-verge", "The Verge live coverage"));

    let attackers = Actor::Outsider(OutsiderId::from("out-attackers"));
    let oncall = Actor::Staff(StaffId::from("staff-oncall"));

    // Known only as a bound: the phishing calls had worked by that morning.
    let mut phish = action(
        "act-phish",
        ActionKind::Other,
        "Employee phished by phone for admin tool credentials",
        "by 2020-07-15 morning",
    );
    phish.performer = attackers.clone();
    phish.authorization = Authorization::Unauthorized;
    case.actions.push(phish);

    // Known only to the week.
    let mut recon = action(
        "act-recon",
        ActionKind::Other,
        "Attackers map the support team on LinkedIn",
        "week of 2020-07-06",
    );
    recon.performer = attackers.clone();
    case.actions.push(recon);

    // The takeover, through the phished employee's credentials; found out within the hour.
    let mut takeover = action(
        "act-takeover",
        ActionKind::AccountTakeover,
        "Attackers take over @a and @b through the admin tool",
        "2020-07-15 15:45",
    );
    takeover.targets = targets(&["acct-a", "acct-b"]);
    takeover.performer = attackers.clone();
    takeover.through = Some(Through::Staff(StaffId::from("staff-phished")));
    takeover.authorization = Authorization::Unauthorized;
    takeover.discovered = Some(at("2020-07-15 16:30"));
    takeover.disclosed = Some(at("2020-07-15 19:45"));
    takeover.meta.key_event = true;
    case.actions.push(takeover);

    // A post from @b through the admin tool (an action), and one from @a (a statement).
    let mut post_b = action(
        "act-post-b",
        ActionKind::UnauthorizedPost,
        "Scam tweet from @b",
        "2020-07-15 16:15",
    );
    post_b.targets = targets(&["acct-b"]);
    post_b.performer = attackers.clone();
    post_b.through = Some(Through::Staff(StaffId::from("staff-phished")));
    post_b.authorization = Authorization::Unauthorized;
    post_b.start_source = Some(SourceId::from("src-support"));
    post_b.alternatives = vec![AltTime {
        when: at("2020-07-15 16:20"),
        source: Some(SourceId::from("src-verge")),
    }];
    case.actions.push(post_b);
    case.statements.push(Statement {
        id: StatementId::from("stmt-scam-a"),
        speaker: Speaker::Outsider(OutsiderId::from("out-attackers")),
        channel: Channel::Post,
        quote: "I am giving back to the community. All Bitcoin sent to the address below will be sent back doubled!".to_owned(),
        verbatim: true,
        through: Some(Through::Account(AccountId::from("acct-a"))),
        when: at("2020-07-15 16:17"),
        when_source: None,
        alternatives: Vec::new(),
        follows: None,
        about: vec![ActionId::from("act-takeover")],
        after: Vec::new(),
        before: Vec::new(),
        meta: Meta::new(now()),
    });

    // The platform blocks every verified account from posting for hours: decided a few
    // minutes before it took effect, at 18:15 says one source, 18:20 another; set to lift at
    // 21:00, lifted at 22:00.
    let mut block = action(
        "act-block",
        ActionKind::Restriction,
        "All verified accounts blocked from posting",
        "2020-07-15 18:15",
    );
    block.targets = targets(&["acct-verified"]);
    block.performer = oncall.clone();
    block.start_source = Some(SourceId::from("src-support"));
    block.alternatives = vec![AltTime {
        when: at("2020-07-15 18:20"),
        source: Some(SourceId::from("src-verge")),
    }];
    block.decided = Some(at("2020-07-15 18:05"));
    block.planned_end = Some(at("2020-07-15 21:00"));
    block.end = Some(at("2020-07-15 22:00"));
    case.actions.push(block);

    // Credentials reset: the intruders are out.
    let mut reset = action(
        "act-reset",
        ActionKind::CredentialReset,
        "Passwords and sessions of @a and @b reset",
        "2020-07-15 19:00",
    );
    reset.targets = targets(&["acct-a", "acct-b"]);
    reset.performer = oncall.clone();
    reset.reverses = Some(ActionId::from("act-takeover"));
    case.actions.push(reset);

    // Admin tool access withdrawn from the phished employee.
    let mut revoke = action(
        "act-revoke",
        ActionKind::AccessRevoked,
        "Admin tool access withdrawn from the phished employee",
        "2020-07-15 19:05",
    );
    revoke.performer = oncall.clone();
    revoke.through = None;
    case.actions.push(revoke);

    // @a and @b locked for at least 12 hours; @b's lock extended the next morning.
    let mut lock = action(
        "act-lock",
        ActionKind::Restriction,
        "@a and @b locked while the investigation runs",
        "2020-07-15 19:10",
    );
    lock.targets = targets(&["acct-a", "acct-b"]);
    lock.performer = oncall.clone();
    lock.duration = Some(ApproxDuration {
        secs: 12 * 3600,
        approximate: false,
        limit: Some(Limit::AtLeast),
    });
    case.actions.push(lock);
    let mut extend = action(
        "act-extend",
        ActionKind::Restriction,
        "@b's lock extended for two days",
        "2020-07-16 09:00",
    );
    extend.targets = targets(&["acct-b"]);
    extend.performer = oncall;
    extend.duration = Some(ApproxDuration::new(48 * 3600, false));
    extend.amends = Some(ActionLink {
        kind: ActionLinkKind::Extends,
        action: ActionId::from("act-lock"),
    });
    case.actions.push(extend);

    // A post from the account known only by display name.
    let mut mirror = action(
        "act-mirror",
        ActionKind::Suspension,
        "Mirror account suspended",
        "2020-07-15 20:30",
    );
    mirror.targets = targets(&["acct-mirror"]);
    mirror.performer = Actor::System("spam classifier".to_owned());
    case.actions.push(mirror);

    // The police, known only to have opened their case after the day.
    let mut fbi = action(
        "act-fbi",
        ActionKind::Other,
        "Investigation opened",
        "after 2020-07-16",
    );
    fbi.performer = Actor::Outsider(OutsiderId::from("out-fbi"));
    case.actions.push(fbi);

    case.statements.push(Statement {
        id: StatementId::from("stmt-support"),
        speaker: Speaker::Organisation("Twitter Support".to_owned()),
        channel: Channel::Post,
        quote: "We are aware of a security incident impacting accounts on Twitter.".to_owned(),
        verbatim: true,
        through: None,
        when: at("2020-07-15 19:45"),
        when_source: Some(SourceId::from("src-support")),
        alternatives: Vec::new(),
        follows: None,
        about: vec![ActionId::from("act-takeover")],
        after: Vec::new(),
        before: Vec::new(),
        meta: Meta::new(now()),
    });
    case
}

fn item<'a>(items: &'a [Item], record: &str, kind: ItemKind) -> &'a Item {
    items
        .iter()
        .find(|i| i.record.id_str() == record && i.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} item for {record}"))
}

fn state_items<'a>(items: &'a [Item], account: &str) -> Vec<&'a Item> {
    let mut states: Vec<&Item> = items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::State(_)) && i.accounts[0].as_str() == account)
        .collect();
    states.sort_by(|a, b| a.start.total_cmp(&b.start));
    states
}

fn lane<'a>(lanes: &'a Lanes, key: &LaneKey) -> &'a casebook::timeline::Lane {
    lanes
        .lanes
        .iter()
        .find(|l| &l.key == key)
        .unwrap_or_else(|| panic!("no lane {key:?}"))
}

#[test]
fn the_case_is_valid() {
    let case = takeover_case();
    let errors = common::errors(&case);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
#[ignore = "writes target/takeover-2020.case.ron to look at"]
fn write_the_case() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/takeover-2020.case.ron");
    casebook::store::save(&path, &takeover_case(), None).unwrap();
}

#[test]
fn a_class_of_accounts_is_a_lane_named_by_its_description_and_estimate() {
    let case = takeover_case();
    let items = derive_items(&case);
    let lanes = Lanes::build(&case, &items, Grouping::AccountsAndStaff);
    let class = lane(&lanes, &LaneKey::Account("acct-verified".into()));
    assert_eq!(class.label, "all verified accounts · ~300k");
    // The block is drawn there, as the class's restricted stretch and as the action.
    let states: Vec<AccountState> = class
        .items
        .iter()
        .filter_map(|&i| match items[i].kind {
            ItemKind::State(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(states, [AccountState::Restricted]);
    let block = item(
        &items,
        "act-block",
        ItemKind::State(AccountState::Restricted),
    );
    assert_eq!(block.label, "all verified accounts restricted");
    // An account with no handle goes by its display name.
    let mirror = lane(&lanes, &LaneKey::Account("acct-mirror".into()));
    assert_eq!(mirror.label, "Crypto giveaway mirror (no known handle)");
    assert_eq!(
        item(
            &items,
            "act-mirror",
            ItemKind::State(AccountState::Suspended)
        )
        .label,
        "Crypto giveaway mirror (no known handle) suspended"
    );
}

#[test]
fn a_takeover_is_a_compromised_stretch_until_the_credential_reset_then_the_lock() {
    let case = takeover_case();
    let items = derive_items(&case);
    for account in ["acct-a", "acct-b"] {
        let states = state_items(&items, account);
        let kinds: Vec<ItemKind> = states.iter().map(|s| s.kind).collect();
        let expected: &[ItemKind] = if account == "acct-a" {
            &[
                ItemKind::State(AccountState::Compromised),
                ItemKind::State(AccountState::Restricted),
            ]
        } else {
            // @b's lock is extended: the chain shows as two restricted stretches, the first
            // ended by the extension.
            &[
                ItemKind::State(AccountState::Compromised),
                ItemKind::State(AccountState::Restricted),
                ItemKind::State(AccountState::Restricted),
            ]
        };
        assert_eq!(kinds, expected, "{account}");
        let compromised = states[0];
        assert_eq!(compromised.start, secs("2020-07-15 15:45"));
        assert_eq!(
            compromised.end,
            secs("2020-07-15 19:00"),
            "ends at the reset"
        );
        assert!(compromised.unauthorized && compromised.lasting && !compromised.open_end);
        assert_eq!(compromised.duration_label().as_deref(), Some("3 h 15 min"));
        // Drawn in its own colour, not as "restricted".
        assert_eq!(
            casebook::timeline::palette::item_rgb(compromised),
            casebook::timeline::palette::COMPROMISED
        );
        assert_ne!(
            casebook::timeline::palette::item_rgb(compromised),
            casebook::timeline::palette::item_rgb(states[1])
        );
    }
    // @a: locked for at least 12 hours, no end known: the known part is 12 hours, open after.
    let lock_a = state_items(&items, "acct-a")[1];
    assert_eq!(lock_a.start, secs("2020-07-15 19:10"));
    assert_eq!(lock_a.end - lock_a.start, 12.0 * 3600.0);
    assert!(lock_a.open_end);
    assert_eq!(lock_a.duration_label().as_deref(), Some("≥12 h"));
    // @b: the first lock ends when the extension takes effect; the extension lasts two days.
    let b = state_items(&items, "acct-b");
    assert_eq!(b[1].end, secs("2020-07-16 09:00"));
    assert!(!b[1].open_end);
    assert_eq!(b[1].record, RecordRef::Action("act-lock".into()));
    assert_eq!(b[2].record, RecordRef::Action("act-extend".into()));
    assert_eq!(b[2].end - b[2].start, 48.0 * 3600.0);
    // The same from the model's side.
    let history: Vec<AccountState> = account_history(&case, &AccountId::from("acct-b"))
        .iter()
        .map(|p| p.state)
        .collect();
    assert_eq!(
        history,
        [
            AccountState::Active,
            AccountState::Compromised,
            AccountState::Secured,
            AccountState::Restricted,
            AccountState::Restricted,
            AccountState::Reinstated,
        ]
    );
}

#[test]
fn an_extension_for_one_account_leaves_the_action_as_it_was_for_the_other() {
    let case = takeover_case();
    let items = derive_items(&case);
    // The lock on @a and @b (at least 12 hours) goes on for @a: the extension names only @b.
    let lock = item(
        &items,
        "act-lock",
        ItemKind::Action(ActionKind::Restriction),
    );
    assert!(lock.lasting && lock.open_end);
    assert_eq!(lock.end - lock.start, 12.0 * 3600.0);
    assert_eq!(lock.duration_label().as_deref(), Some("≥12 h"));
    let extend = item(
        &items,
        "act-extend",
        ItemKind::Action(ActionKind::Restriction),
    );
    assert_eq!(extend.links_to, Some(RecordRef::Action("act-lock".into())));
    let history: Vec<AccountState> = account_history(&case, &AccountId::from("acct-a"))
        .iter()
        .map(|p| p.state)
        .collect();
    assert_eq!(
        history,
        [
            AccountState::Active,
            AccountState::Compromised,
            AccountState::Secured,
            AccountState::Restricted,
        ]
    );
}

#[test]
fn acting_through_puts_the_item_in_that_lane_too_marked_as_via() {
    let case = takeover_case();
    let items = derive_items(&case);
    let lanes = Lanes::build(&case, &items, Grouping::AccountsAndStaff);
    let phished = lane(&lanes, &LaneKey::Staff("staff-phished".into()));
    let takeover = items
        .iter()
        .position(|i| i.record.id_str() == "act-takeover" && !matches!(i.kind, ItemKind::State(_)))
        .unwrap();
    assert!(
        phished.items.contains(&takeover),
        "in the phished employee's lane"
    );
    assert!(phished.is_via(&items[takeover]));
    // In the attackers' lane (they did it) and @a's (done to it), not marked.
    let attackers = lane(&lanes, &LaneKey::Outsider("out-attackers".into()));
    assert_eq!(attackers.label, "The attackers");
    assert!(attackers.items.contains(&takeover));
    assert!(!attackers.is_via(&items[takeover]));
    let a = lane(&lanes, &LaneKey::Account("acct-a".into()));
    assert!(a.items.contains(&takeover) && !a.is_via(&items[takeover]));
    // The post from @a (a statement by the attackers) is with the statements and, marked, in
    // @a's lane: the compromise shows in both.
    let post = items
        .iter()
        .position(|i| i.record.id_str() == "stmt-scam-a")
        .unwrap();
    assert!(lane(&lanes, &LaneKey::Statements).items.contains(&post));
    assert!(a.items.contains(&post) && a.is_via(&items[post]));
    // Only one lane per account grouping: by account, the staff lane is gone and so is the
    // via copy there.
    let by_account = Lanes::build(&case, &items, Grouping::ByAccount);
    assert!(
        !by_account
            .lanes
            .iter()
            .any(|l| matches!(l.key, LaneKey::Staff(_) | LaneKey::Outsider(_)))
    );
    // The FBI's investigation is in their lane, not "Everything else".
    let fbi = lane(&lanes, &LaneKey::Outsider("out-fbi".into()));
    assert_eq!(fbi.items.len(), 1);
}

#[test]
fn times_that_sources_disagree_on_are_a_range_from_the_earliest_to_the_latest() {
    let case = takeover_case();
    let items = derive_items(&case);
    // An instant: the span covers 16:15–16:20, the marker stays at its own time.
    let post = item(
        &items,
        "act-post-b",
        ItemKind::Action(ActionKind::UnauthorizedPost),
    );
    assert_eq!(post.start, secs("2020-07-15 16:15"));
    assert_eq!(post.end, secs("2020-07-15 16:20"));
    assert_eq!(
        post.reported,
        [secs("2020-07-15 16:15"), secs("2020-07-15 16:20")]
    );
    assert_eq!(post.own_start(), secs("2020-07-15 16:15"));
    assert!(post.fuzzy);
    // A bar: it starts at the earliest time given, the range is kept for the whisker.
    let block = item(
        &items,
        "act-block",
        ItemKind::Action(ActionKind::Restriction),
    );
    assert_eq!(block.start, secs("2020-07-15 18:15"));
    assert_eq!(
        block.reported_range(),
        Some((secs("2020-07-15 18:15"), secs("2020-07-15 18:20")))
    );
    assert_eq!(block.end, secs("2020-07-15 22:00"));
}

#[test]
fn bounds_and_weeks_are_open_or_wide_not_precise() {
    let case = takeover_case();
    let items = derive_items(&case);
    let phish = item(&items, "act-phish", ItemKind::Action(ActionKind::Other));
    assert_eq!(phish.bound, Some(TimeBound::Before));
    let fbi = item(&items, "act-fbi", ItemKind::Action(ActionKind::Other));
    assert_eq!(fbi.bound, Some(TimeBound::After));
    let recon = item(&items, "act-recon", ItemKind::Action(ActionKind::Other));
    assert!(recon.fuzzy && !recon.lasting);
    assert_eq!(recon.end - recon.start, 7.0 * 86_400.0, "a week");
    assert_eq!(
        recon.anchor(),
        None,
        "a week neither stretches the view nor bridges gaps"
    );
}

#[test]
fn planned_end_decision_and_discovery_are_moments_on_the_action() {
    let case = takeover_case();
    let items = derive_items(&case);
    let block = item(
        &items,
        "act-block",
        ItemKind::Action(ActionKind::Restriction),
    );
    assert_eq!(
        block.moments,
        Moments {
            decided: Some(secs("2020-07-15 18:05")),
            planned_end: Some(secs("2020-07-15 21:00")),
            discovered: None,
            disclosed: None,
        }
    );
    // Its reach takes in the decision before it.
    assert_eq!(block.reach().0, secs("2020-07-15 18:05"));
    let takeover = item(
        &items,
        "act-takeover",
        ItemKind::Action(ActionKind::AccountTakeover),
    );
    assert_eq!(takeover.moments.discovered, Some(secs("2020-07-15 16:30")));
    assert_eq!(takeover.moments.disclosed, Some(secs("2020-07-15 19:45")));
    // A lane showing only the decision's minute still has the action (culling by reach).
    let lanes = Lanes::build(&case, &items, Grouping::ByAccount);
    let class = lane(&lanes, &LaneKey::Account("acct-verified".into()));
    let decided = secs("2020-07-15 18:05");
    let visible: Vec<&str> = class
        .visible(&items, decided - 30.0, decided + 30.0)
        .map(|i| items[i].record.id_str())
        .collect();
    assert!(visible.contains(&"act-block"), "{visible:?}");
}

#[test]
fn the_exported_figure_draws_and_explains_all_of_it() {
    let case = takeover_case();
    let opts = ExportOptions {
        format: Format::TimelineSvg,
        ..ExportOptions::default()
    };
    let fig = export::timeline_figure(&case, &opts);
    // Every lane: its states in the first row, one after another (a strip, not a staircase).
    for l in fig.lanes_in_use() {
        let layout = fig.layout_lane(l, &fig.full, 1400.0);
        for (item, row) in layout.rows() {
            if matches!(fig.items[item].kind, ItemKind::State(_)) {
                assert_eq!(row, 0, "{}", fig.items[item].label);
            }
        }
    }
    // In the phished employee's lane, the takeover says it was done through them.
    let phished = fig
        .lanes
        .lanes
        .iter()
        .position(|l| l.key == LaneKey::Staff("staff-phished".into()))
        .unwrap();
    let layout = fig.layout_lane(phished, &fig.full, 1400.0);
    assert!(
        layout
            .labels()
            .iter()
            .any(|(_, l)| l.starts_with("via · account takeover")),
        "{:?}",
        layout.labels()
    );
    let svg = export::timeline_svg(&case, &opts);
    for text in [
        ">all verified accounts ·<",
        ">~300k<",
        ">The attackers<",
        "account compromised",
        "via: acted through",
        "sources disagree",
        "end not known",
        "by / after a time",
        "planned end",
    ] {
        assert!(svg.contains(text), "{text} in the SVG");
    }
    // The compromised stretch is drawn in its colour.
    assert!(svg.contains(&casebook::timeline::palette::hex(
        casebook::timeline::palette::COMPROMISED
    )));
    // It renders, every label inside the image.
    export::render::parse(&svg).expect("the SVG parses");
}

#[test]
fn the_figure_squeezes_the_days_between_the_guess_and_the_evening() {
    let case = takeover_case();
    let items = derive_items(&case);
    let anchors = casebook::timeline::anchors(&items);
    let last = anchors.iter().map(|a| a.1).fold(f64::MIN, f64::max);
    // The 12 known hours of @a's lock and @b's two days are in view.
    assert!(last >= secs("2020-07-16 07:10"));
    // The week-long guess before everything anchors only its middle, so Fit reaches it and
    // the empty days between it and the evening are squeezed.
    let compression = casebook::timeline::Compression::find(&items, 0.15);
    assert!(
        compression
            .gaps
            .iter()
            .any(|&(g0, g1)| g0 <= secs("2020-07-12 00:00") && g1 >= secs("2020-07-15 00:00")),
        "{:?}",
        compression.gaps
    );
    let first = anchors.iter().map(|a| a.0).fold(f64::MAX, f64::min);
    let view = TimeView::fit(
        compression.compress(first),
        compression.compress(last),
        0.04,
    );
    assert!(view.span < 6.0 * 86_400.0, "{} days", view.span / 86_400.0);
}

//! One list of commands drives the menus, their keyboard shortcuts and tooltips, so they can never
//! disagree (after rerun's `UICommand`).

use egui::{Key, KeyboardShortcut, Modifiers};

/// Everything the user can ask for from a menu or a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    NewCase,
    Open,
    OpenSample,
    OpenTakeoverSample,
    Save,
    SaveAs,
    Export,
    Import,
    Archive,
    AddEvidence,
    CloseCase,
    Quit,
    Undo,
    Redo,
    RedoAlt,
    AddRecord,
    DuplicateRecord,
    DeleteRecord,
    QuickEntry,
    Find,
    FindInCase,
    CopySummary,
    CopySummaryRedacted,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ThemeSystem,
    ThemeLight,
    ThemeDark,
    ToggleTimeline,
    FullScreen,
    Shortcuts,
    About,
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 33] = [
        UiCommand::NewCase,
        UiCommand::Open,
        UiCommand::OpenSample,
        UiCommand::OpenTakeoverSample,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::Export,
        UiCommand::Import,
        UiCommand::Archive,
        UiCommand::AddEvidence,
        UiCommand::CloseCase,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::RedoAlt,
        UiCommand::AddRecord,
        UiCommand::DuplicateRecord,
        UiCommand::DeleteRecord,
        UiCommand::QuickEntry,
        UiCommand::Find,
        UiCommand::FindInCase,
        UiCommand::CopySummary,
        UiCommand::CopySummaryRedacted,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ZoomReset,
        UiCommand::ThemeSystem,
        UiCommand::ThemeLight,
        UiCommand::ThemeDark,
        UiCommand::ToggleTimeline,
        UiCommand::FullScreen,
        UiCommand::Shortcuts,
        UiCommand::About,
    ];

    /// Menu text and tooltip.
    pub fn text_and_tooltip(self) -> (&'static str, &'static str) {
        match self {
            UiCommand::NewCase => ("New case", "Start an empty case"),
            UiCommand::Open => ("Open…", "Open a case file (*.case.ron)"),
            UiCommand::OpenSample => (
                "Open the sample case",
                "Open the 2017 account-deactivation sample as an unsaved copy",
            ),
            UiCommand::OpenTakeoverSample => (
                "Open the account-takeover sample",
                "Open the 2020 account-takeover sample (phished employees, classes of accounts, outside people, disagreeing sources) as an unsaved copy",
            ),
            UiCommand::Save => ("Save", "Save the case to its file"),
            UiCommand::SaveAs => ("Save As…", "Save the case to a new file"),
            UiCommand::Export => (
                "Export…",
                "Export a PDF report, PNG pages, a timeline image, CSV or the case file — optionally redacted",
            ),
            UiCommand::Import => (
                "Import…",
                "Add records from a Bluesky Ozone event log, a spreadsheet (CSV), a Timesketch timeline or EU DSA statements of reasons — previewed first, imported as one undo step",
            ),
            UiCommand::Archive => (
                "Archive…",
                "Seal the saved case into one ZIP file: the case, its evidence and custody log, the PDF report and a manifest of every file's SHA-256 (check it later with `casebook verify FILE.zip`)",
            ),
            UiCommand::AddEvidence => (
                "Add evidence…",
                "Copy files (screenshots, exports, letters) into the case's evidence folder with their SHA-256, as sources — cited by the selected record, if any",
            ),
            UiCommand::CloseCase => (
                "Close case",
                "Close the case and return to the welcome screen",
            ),
            UiCommand::Quit => ("Quit", "Close Casebook"),
            UiCommand::Undo => ("Undo", "Undo the last change"),
            UiCommand::Redo => ("Redo", "Redo the last undone change"),
            UiCommand::RedoAlt => ("Redo (alternative)", "Redo the last undone change"),
            UiCommand::AddRecord => ("Add record", "Add a record to the current section"),
            UiCommand::DuplicateRecord => ("Duplicate record", "Add a copy of the selected record"),
            UiCommand::DeleteRecord => (
                "Delete record…",
                "Delete the selected record (asks if others refer to it)",
            ),
            UiCommand::QuickEntry => (
                "Quick entry",
                "Type or paste the chronology, one row per event: when, kind, what, who, target, source",
            ),
            UiCommand::Find => ("Find", "Search the current table"),
            UiCommand::CopySummary => (
                "Copy case summary",
                "Copy the case as plain text — header, accounts, staff, timeline, postmortem — to paste into an email or a chat",
            ),
            UiCommand::CopySummaryRedacted => (
                "Copy case summary (redacted)",
                "The same, redacted for sharing outside: protected staff become pseudonyms, protected accounts are masked, also-redact terms are replaced, internal notes are left out (refused if a protected name would remain)",
            ),
            UiCommand::FindInCase => (
                "Find in case…",
                "Search every record, note and tag in the case, and jump to what you find",
            ),
            UiCommand::ZoomIn => ("Zoom in", "Make everything larger"),
            UiCommand::ZoomOut => ("Zoom out", "Make everything smaller"),
            UiCommand::ZoomReset => ("Reset zoom", "Back to 100 %"),
            UiCommand::ThemeSystem => ("Follow system theme", "Light or dark as the desktop is"),
            UiCommand::ThemeLight => ("Light theme", "Dark text on a light background"),
            UiCommand::ThemeDark => ("Dark theme", "Light text on a dark background"),
            UiCommand::ToggleTimeline => (
                "Show timeline strip",
                "Show or hide the chronological strip at the bottom",
            ),
            UiCommand::FullScreen => (
                "Full screen",
                "Fill the screen with the window, e.g. on a projector in a review meeting",
            ),
            UiCommand::Shortcuts => ("Keyboard shortcuts", "List every keyboard shortcut"),
            UiCommand::About => ("About Casebook", "Version, licence, where files live"),
        }
    }

    /// The keyboard shortcut, if any. `COMMAND` is Ctrl on Linux/Windows and ⌘ on macOS.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let cmd_shift = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            UiCommand::NewCase => cmd(Key::N),
            UiCommand::Open => cmd(Key::O),
            UiCommand::Save => cmd(Key::S),
            UiCommand::SaveAs => cmd_shift(Key::S),
            UiCommand::Export => cmd(Key::E),
            UiCommand::CloseCase => cmd(Key::W),
            UiCommand::Quit => cmd(Key::Q),
            UiCommand::Undo => cmd(Key::Z),
            UiCommand::Redo => cmd_shift(Key::Z),
            UiCommand::RedoAlt => cmd(Key::Y),
            UiCommand::AddRecord => cmd_shift(Key::N),
            UiCommand::DuplicateRecord => cmd(Key::D),
            UiCommand::DeleteRecord => cmd_shift(Key::Delete),
            UiCommand::QuickEntry => cmd_shift(Key::E),
            UiCommand::Find => cmd(Key::F),
            UiCommand::FindInCase => cmd_shift(Key::F),
            UiCommand::ZoomIn => cmd(Key::Plus),
            UiCommand::ZoomOut => cmd(Key::Minus),
            UiCommand::ZoomReset => cmd(Key::Num0),
            UiCommand::ToggleTimeline => cmd(Key::T),
            UiCommand::FullScreen => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F11)),
            UiCommand::Shortcuts => cmd(Key::Slash),
            UiCommand::OpenSample
            | UiCommand::OpenTakeoverSample
            | UiCommand::AddEvidence
            | UiCommand::Archive
            | UiCommand::Import
            | UiCommand::CopySummary
            | UiCommand::CopySummaryRedacted
            | UiCommand::ThemeSystem
            | UiCommand::ThemeLight
            | UiCommand::ThemeDark
            | UiCommand::About => None,
        }
    }

    /// The command whose shortcut was pressed this frame, consuming it. Shortcuts with more
    /// modifiers are checked first so Ctrl+Shift+Z is not taken for Ctrl+Z.
    pub fn pressed(ctx: &egui::Context) -> Option<UiCommand> {
        let mut commands: Vec<(UiCommand, KeyboardShortcut)> = Self::ALL
            .iter()
            .filter_map(|c| c.shortcut().map(|s| (*c, s)))
            .collect();
        commands.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
        ctx.input_mut(|input| {
            for (command, shortcut) in commands {
                if input.consume_shortcut(&shortcut) {
                    return Some(command);
                }
            }
            // Ctrl+= is how most keyboards type Ctrl+plus.
            if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)) {
                return Some(UiCommand::ZoomIn);
            }
            None
        })
    }

    /// A menu button for this command showing its shortcut and tooltip; true when clicked.
    pub fn menu_button(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        let (text, tooltip) = self.text_and_tooltip();
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = self.shortcut() {
            button = button.shortcut_text(shortcut_label(ui.ctx(), &shortcut));
        }
        let response = ui.add_enabled(enabled, button).on_hover_text(tooltip);
        response.clicked()
    }
}

/// "Ctrl+Shift+S", "Ctrl+/", "Ctrl++": modifier names, then the key's symbol where it has one
/// (egui's own format spells out "Slash" and "Plus").
pub fn shortcut_label(ctx: &egui::Context, s: &KeyboardShortcut) -> String {
    let is_mac = ctx.os() == egui::os::OperatingSystem::Mac;
    let mods = egui::ModifierNames::NAMES.format(&s.modifiers, is_mac);
    let key = s.logical_key.symbol_or_name();
    if mods.is_empty() {
        key.to_owned()
    } else {
        format!("{mods}+{key}")
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt)
        + u8::from(m.ctrl)
        + u8::from(m.shift)
        + u8::from(m.command)
        + u8::from(m.mac_cmd)
}

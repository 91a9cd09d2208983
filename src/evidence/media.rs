//! What kind of file a capture is: read from its first bytes (a screenshot saved as `.txt` is
//! still a PNG), then from its extension.

/// The media type of a file whose first bytes are `head` and whose name is `name`.
pub fn sniff(head: &[u8], name: &str) -> &'static str {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return "image/png";
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return "image/jpeg";
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return "image/gif";
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return "image/webp";
    }
    if starts(b"%PDF-") {
        return "application/pdf";
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return "video/mp4";
    }
    if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return "video/webm";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "jsonl" | "ndjson" => "application/x-ndjson",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "eml" => "message/rfc822",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "zip" => "application/zip",
        "ron" => "text/plain",
        _ if starts(b"PK\x03\x04") => "application/zip",
        _ if starts(b"{") || starts(b"[") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_beats_the_name() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", "shot.txt"), "image/png");
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ", "x"), "image/webp");
        assert_eq!(sniff(b"%PDF-1.7", "letter"), "application/pdf");
        assert_eq!(sniff(b"id,when\n", "export.CSV"), "text/csv");
        assert_eq!(sniff(b"\0\0", "dump"), "application/octet-stream");
    }
}

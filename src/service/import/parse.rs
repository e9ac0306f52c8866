//! The lists an import reads, each entry with where it stands in the input: ISRCs (one or more
//! to a line, separated by spaces, commas or semicolons; dashes allowed), a CSV with a header
//! row naming its columns (tidal-mcp's own export, and the usual exports of other services:
//! `Track Name`, `Artist Name(s)`, `Duration (ms)`, `ISRC`), or an M3U playlist (`#EXTINF`
//! lines, TIDAL links as locations).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::service::ServiceError;
use crate::tidal::model::parse_id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    Isrc,
    Csv,
    M3u,
}

/// One entry of the input: what it says about the track it wants.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wanted {
    /// Its line in the input (for an ISRC list, its place in the list).
    pub line: u64,
    /// The entry as written, shortened, for the report.
    pub input: String,
    pub isrc: Option<String>,
    pub track_id: Option<String>,
    pub title: Option<String>,
    pub artist: Option<String>,
    pub duration_s: Option<u64>,
    /// Why the entry cannot be looked up at all.
    pub problem: Option<String>,
}

/// The format the text looks like: M3U by its header, CSV by a first line with a comma and a
/// known column name, else a list of ISRCs.
pub fn detect(text: &str) -> ImportFormat {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.trim_start().starts_with("#EXTM3U") || first.trim_start().starts_with("#EXTINF") {
        return ImportFormat::M3u;
    }
    let looks_like_header = first
        .split(',')
        .any(|c| column(c).is_some() || c.trim().eq_ignore_ascii_case("index"));
    if first.contains(',') && looks_like_header {
        return ImportFormat::Csv;
    }
    ImportFormat::Isrc
}

pub fn parse(text: &str, format: ImportFormat) -> Result<Vec<Wanted>, ServiceError> {
    match format {
        ImportFormat::Isrc => Ok(isrcs(text)),
        ImportFormat::Csv => csv_rows(text),
        ImportFormat::M3u => Ok(m3u(text)),
    }
}

/// An ISRC in its usual form (12 letters and digits, dashes ignored), or why not.
pub fn isrc(raw: &str) -> Result<String, String> {
    let code: String = raw.chars().filter(|c| *c != '-').collect();
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 12 && code.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(code)
    } else {
        Err(format!("`{raw}` is not an ISRC (12 letters and digits)"))
    }
}

fn isrcs(text: &str) -> Vec<Wanted> {
    let tokens = text.split(|c: char| c.is_whitespace() || c == ',' || c == ';');
    let tokens = tokens.filter(|t| !t.is_empty());
    tokens
        .enumerate()
        .map(|(n, t)| {
            let mut w = Wanted {
                line: n as u64 + 1,
                input: short(t),
                ..Wanted::default()
            };
            match isrc(t) {
                Ok(code) => w.isrc = Some(code),
                Err(why) => w.problem = Some(why),
            }
            w
        })
        .collect()
}

/// A CSV column an import reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Isrc,
    TrackId,
    Title,
    Artist,
    DurationS,
    DurationMs,
}

/// The column a header names (case, spaces and punctuation ignored).
fn column(header: &str) -> Option<Column> {
    let key: String = header
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        "isrc" => Column::Isrc,
        "trackid" | "tidalid" | "tidaltrackid" => Column::TrackId,
        "title" | "name" | "track" | "trackname" | "tracktitle" | "song" => Column::Title,
        "artist" | "artists" | "artistname" | "artistnames" | "artistnamess" => Column::Artist,
        "durations" | "duration" | "length" | "time" => Column::DurationS,
        "durationms" => Column::DurationMs,
        _ => return None,
    })
}

fn csv_rows(text: &str) -> Result<Vec<Wanted>, ServiceError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ServiceError::Invalid(format!("the CSV's header does not read: {e}")))?
        .clone();
    let columns: Vec<Option<Column>> = headers.iter().map(column).collect();
    let has = |c: Column| columns.contains(&Some(c));
    if !(has(Column::Isrc) || has(Column::TrackId) || has(Column::Title)) {
        return Err(ServiceError::Invalid(format!(
            "the CSV has no isrc, track_id or title column (its header: {}); name one of \
             them in the first line",
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                out.push(Wanted {
                    line,
                    problem: Some(format!("the line does not read as CSV: {e}")),
                    ..Wanted::default()
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let fields: Vec<&str> = record.iter().collect();
        let mut w = Wanted {
            line,
            input: short(&fields.join(",")),
            ..Wanted::default()
        };
        for (value, col) in fields.iter().zip(&columns) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match col {
                Some(Column::Isrc) => match isrc(value) {
                    Ok(code) => w.isrc = Some(code),
                    Err(why) => w.problem = Some(why),
                },
                Some(Column::TrackId) => w.track_id = parse_id(value, "track").ok(),
                Some(Column::Title) => w.title = Some(value.to_string()),
                Some(Column::Artist) => w.artist = Some(value.to_string()),
                Some(Column::DurationS) => w.duration_s = duration(value),
                Some(Column::DurationMs) => {
                    w.duration_s = value.parse::<u64>().ok().map(|ms| (ms + 500) / 1000)
                }
                None => {}
            }
        }
        if w.problem.is_none() && w.isrc.is_none() && w.track_id.is_none() && w.title.is_none() {
            w.problem = Some("the row names no isrc, track_id or title".into());
        }
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.push(w);
    }
    Ok(out)
}

/// Seconds from `225`, `3:45` or `1:03:45`.
fn duration(value: &str) -> Option<u64> {
    value.split(':').try_fold(0u64, |acc, part| {
        Some(acc * 60 + part.trim().parse::<u64>().ok()?)
    })
}

fn m3u(text: &str) -> Vec<Wanted> {
    let mut out = Vec::new();
    let mut info: Option<(u64, String)> = None;
    for (n, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if let Some(rest) = l.strip_prefix("#EXTINF:") {
            let (secs, name) = rest.split_once(',').unwrap_or((rest, ""));
            let secs = secs.split_whitespace().next().unwrap_or("");
            info = Some((
                secs.parse::<i64>().unwrap_or(-1).max(0) as u64,
                name.trim().to_string(),
            ));
            continue;
        }
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let mut w = Wanted {
            line: n as u64 + 1,
            input: short(l),
            ..Wanted::default()
        };
        w.track_id = parse_id(l, "track").ok().filter(|_| l.contains("tidal"));
        if let Some((secs, name)) = info.take() {
            let (artist, title) = match name.split_once(" - ") {
                Some((a, t)) => (Some(a.trim().to_string()), t.trim().to_string()),
                None => (None, name),
            };
            w.duration_s = (secs > 0).then_some(secs);
            w.artist = artist;
            w.title = (!title.is_empty()).then_some(title);
        }
        if w.track_id.is_none() && w.title.is_none() {
            w.problem = Some("neither a TIDAL link nor an #EXTINF line naming the track".into());
        }
        out.push(w);
    }
    out
}

fn short(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_formats_are_detected_and_read() {
        let list = "USUM71703861, GBAYE0601498\nnot-an-isrc\tus-um7-17-03862";
        assert_eq!(detect(list), ImportFormat::Isrc);
        let w = parse(list, ImportFormat::Isrc).unwrap();
        assert_eq!(w.len(), 4);
        assert_eq!(w[1].isrc.as_deref(), Some("GBAYE0601498"));
        assert!(w[2].problem.as_deref().unwrap().contains("not an ISRC"));
        assert_eq!(w[3].isrc.as_deref(), Some("USUM71703862"));

        let csv = "Track Name,Artist Name(s),Duration (ms),ISRC\n\"Hello, World\",\"A; B\",225000,\n\
                   Plain,C,61000,USUM71703861\n";
        assert_eq!(detect(csv), ImportFormat::Csv);
        let w = parse(csv, ImportFormat::Csv).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].title.as_deref(), Some("Hello, World"));
        assert_eq!(w[0].artist.as_deref(), Some("A; B"));
        assert_eq!(w[0].duration_s, Some(225));
        assert_eq!(w[0].line, 2);
        assert_eq!(w[1].isrc.as_deref(), Some("USUM71703861"));

        let ours = "index,track_id,title,artists,album,duration_s,isrc,url\n0,12,Track 12,Artist 2,Album 1,192,TEST00000012,http://www.tidal.com/track/12\n";
        let w = parse(ours, detect(ours)).unwrap();
        assert_eq!(w[0].track_id.as_deref(), Some("12"));
        assert_eq!(w[0].duration_s, Some(192));

        let m3u = "#EXTM3U\n#EXTINF:192,Artist 2 - Track 12\nhttps://tidal.com/browse/track/12\n\
                   #EXTINF:200,Someone - Song\n/music/song.flac\n/music/bare.flac\n";
        assert_eq!(detect(m3u), ImportFormat::M3u);
        let w = parse(m3u, ImportFormat::M3u).unwrap();
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].track_id.as_deref(), Some("12"));
        assert_eq!(w[1].title.as_deref(), Some("Song"));
        assert_eq!(w[1].artist.as_deref(), Some("Someone"));
        assert_eq!(w[1].duration_s, Some(200));
        assert!(w[2].problem.is_some());

        let nothing = parse("a,b\n1,2\n", ImportFormat::Csv)
            .unwrap_err()
            .to_string();
        assert!(
            nothing.contains("no isrc, track_id or title column"),
            "{nothing}"
        );
    }
}

//! Digest dates: [`Date`], read from a digest's date line (`Aug 7`,
//! `August 7`, `Sep 30, 2024`) or from an ISO date (`2024-08-07`, in a
//! file name or a query option), ordered, and written back as ISO 8601.
//!
//! A listing page prints its date without a year, so a lone digest's date
//! may have none (`--08-07` in ISO 8601's notation); an archive's digests
//! get their years from their file names, their date lines, or the
//! builder's `--year` (see [`crate::digest::archive`]).
//!
//! This module is compiled into `build.rs` as well (through `#[path]`), so it
//! depends on nothing but `std`.

use std::fmt;

/// Month names; a date line may use any prefix of three letters or more.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A digest's day, with its year when known. Orders as the days do (a
/// date without a year before every date with one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, or 0 when unknown.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to the month's length.
    pub day: u8,
}

impl Date {
    /// A date, when the day exists (29 February only in a leap year, or
    /// when the year is unknown).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year == 0 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// A digest's date line: `Aug 7`, `August 7`, `Sep 30, 2024`.
    pub fn parse_line(line: &str) -> Option<Date> {
        let mut parts = line.split_whitespace();
        let month = parts.next()?.trim_end_matches('.').to_ascii_lowercase();
        let day = parts.next()?.trim_end_matches(',');
        if month.len() < 3 || day.len() > 2 {
            return None;
        }
        let month = MONTHS.iter().position(|m| m.starts_with(month.as_str()))? as u8 + 1;
        let year = match (parts.next(), parts.next()) {
            (None, _) => 0,
            (Some(y), None) if y.len() == 4 => y.parse().ok()?,
            _ => return None,
        };
        Date::new(year, month, day.parse().ok()?)
    }

    /// ISO 8601: `2024-08-07`, or `--08-07` without a year.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let (year, rest) = match text.strip_prefix("--") {
            Some(rest) => (0, rest),
            None => {
                let (y, rest) = text.split_once('-')?;
                let year: u16 = if digits(y, 4) { y.parse().ok()? } else { 0 };
                if year == 0 {
                    return None;
                }
                (year, rest)
            }
        };
        let (m, d) = rest.split_once('-')?;
        if !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        Date::new(year, m.parse().ok()?, d.parse().ok()?)
    }

    /// The first ISO date (`YYYY-MM-DD`) in a file name, such as
    /// `2024-12-31.txt` or `papers-2024-12-31.txt`.
    pub fn in_file_name(name: &str) -> Option<Date> {
        let bytes = name.as_bytes();
        (0..bytes.len().saturating_sub(9)).find_map(|i| {
            let candidate = name.get(i..i + 10)?;
            let starts = i == 0 || !bytes[i - 1].is_ascii_digit();
            let ends = bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
            (starts && ends)
                .then(|| Date::parse_iso(candidate))
                .flatten()
        })
    }

    /// A query option's date: ISO (`2024-08-07`) or as a digest prints it
    /// (`Aug 7`, `Aug 7, 2024`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        Date::parse_iso(text).or_else(|| Date::parse_line(text))
    }

    /// Whether the year is known.
    pub fn has_year(self) -> bool {
        self.year != 0
    }

    /// The same day in `year`.
    pub fn in_year(self, year: u16) -> Option<Date> {
        Date::new(year, self.month, self.day)
    }

    /// A number that sorts as the dates do: `year * 10000 + month * 100 +
    /// day` (so `20240807`, or `807` without a year).
    pub fn key(self) -> u32 {
        u32::from(self.year) * 10_000 + u32::from(self.month) * 100 + u32::from(self.day)
    }

    /// The date of a [`Date::key`].
    pub fn from_key(key: u32) -> Option<Date> {
        let year = u16::try_from(key / 10_000).ok()?;
        Date::new(year, (key / 100 % 100) as u8, (key % 100) as u8)
    }

    /// ISO 8601: `2024-08-07`, or `--08-07` without a year.
    pub fn iso(self) -> String {
        self.to_string()
    }

    /// As a listing prints it: `Aug 7`, or `Aug 7, 2024`.
    pub fn display(self) -> String {
        let name = MONTHS[usize::from(self.month - 1)];
        let short = format!("{}{}", name[..1].to_ascii_uppercase(), &name[1..3]);
        match self.year {
            0 => format!("{short} {}", self.day),
            year => format!("{short} {}, {year}", self.day),
        }
    }
}

impl fmt::Display for Date {
    /// ISO 8601.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            0 => write!(f, "--{:02}-{:02}", self.month, self.day),
            year => write!(f, "{year:04}-{:02}-{:02}", self.month, self.day),
        }
    }
}

/// [`Date::key`] of a query option's date (see [`Date::parse`]).
pub fn date_key(text: &str) -> Option<u32> {
    Date::parse(text).map(Date::key)
}

/// Whether a header line is a date line.
pub fn is_date_line(line: &str) -> bool {
    Date::parse_line(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_sortable_keys() {
        assert_eq!(date_key("Aug 7"), Some(807));
        assert_eq!(date_key("September 30, 2024"), Some(2024_0930));
        assert_eq!(date_key("2024-09-30"), Some(2024_0930));
        assert_eq!(date_key("--09-30"), Some(930));
        assert!(date_key("Aug 7") < date_key("Aug 12"));
        assert!(date_key("Jul 31") < date_key("Aug 1"));
        assert!(date_key("2024-12-31") < date_key("2025-01-01"));
        assert_eq!(date_key("Aug 7, 24"), None);
    }

    #[test]
    fn date_lines_are_recognised() {
        for ok in ["Aug 7", "August 7", "Sep 30, 2024", "dec 1", "Feb 29"] {
            assert!(is_date_line(ok), "{ok}");
        }
        for not in [
            "Aug",
            "Aug 32",
            "Sep 31",
            "Feb 29, 2023",
            "Augmented 7",
            "Layer Normalization",
            "Aug 7 and more",
        ] {
            assert!(!is_date_line(not), "{not}");
        }
    }

    #[test]
    fn iso_dates_read_and_write_back() {
        for text in ["2024-08-07", "--08-07", "2024-02-29", "0999-12-31"] {
            assert_eq!(Date::parse_iso(text).unwrap().iso(), text);
        }
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-8-7",
            "24-08-07",
            "0000-08-07",
            "2024-08-07x",
            "<b>",
            "",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad:?}");
        }
        let d = Date::parse_line("Dec 31").unwrap();
        assert_eq!(d.in_year(2024).unwrap().iso(), "2024-12-31");
        assert_eq!(d.display(), "Dec 31");
        assert_eq!(d.in_year(2024).unwrap().display(), "Dec 31, 2024");
        assert_eq!(Date::from_key(d.key()), Some(d));
    }

    #[test]
    fn file_names_carry_their_iso_date() {
        assert_eq!(
            Date::in_file_name("2024-12-31.txt").unwrap().iso(),
            "2024-12-31"
        );
        assert_eq!(
            Date::in_file_name("papers-2025-01-05-v2.txt")
                .unwrap()
                .iso(),
            "2025-01-05"
        );
        assert_eq!(Date::in_file_name("digest.txt"), None);
        assert_eq!(Date::in_file_name("12024-12-31.txt"), None);
        assert_eq!(Date::in_file_name("2024-12-311.txt"), None);
    }
}

//! Digest dates: recognising a date line and ordering dates.
//!
//! A digest's header carries its date as the listing page shows it
//! (`Aug 7`, `August 7`, `Sep 30, 2024`). [`date_key`] turns such a line
//! into a number that sorts as the dates do; the search engine filters and
//! orders by it.
//!
//! This module is compiled into `build.rs` as well (through `#[path]`), so it
//! depends on nothing but `std`.

/// Month names; a date may use any prefix of three letters or more.
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

/// A sortable key for a digest date: `year * 10000 + month * 100 + day`
/// (year 0 when the date has none), or `None` when it is not a date.
pub fn date_key(date: &str) -> Option<u32> {
    let mut parts = date.split_whitespace();
    let month = parts.next()?.trim_end_matches('.').to_ascii_lowercase();
    let day = parts.next()?.trim_end_matches(',');
    if month.len() < 3 {
        return None;
    }
    let month = MONTHS.iter().position(|m| m.starts_with(month.as_str()))? as u32 + 1;
    let day: u32 = day
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d) && day.len() <= 2)?;
    let year: u32 = match (parts.next(), parts.next()) {
        (None, _) => 0,
        (Some(y), None) if y.len() == 4 => y.parse().ok()?,
        _ => return None,
    };
    Some(year * 10_000 + month * 100 + day)
}

/// Whether a header line is a date: `Aug 7`, `August 7`, `Aug 7, 2024`.
pub fn is_date_line(line: &str) -> bool {
    date_key(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_sortable_keys() {
        assert_eq!(date_key("Aug 7"), Some(807));
        assert_eq!(date_key("September 30, 2024"), Some(2024_0930));
        assert!(date_key("Aug 7") < date_key("Aug 12"));
        assert!(date_key("Jul 31") < date_key("Aug 1"));
        assert_eq!(date_key("Aug 7, 24"), None);
    }

    #[test]
    fn date_lines_are_recognised() {
        for ok in ["Aug 7", "August 7", "Sep 30, 2024", "dec 1"] {
            assert!(is_date_line(ok), "{ok}");
        }
        for not in [
            "Aug",
            "Aug 32",
            "Augmented 7",
            "Layer Normalization",
            "Aug 7 and more",
        ] {
            assert!(!is_date_line(not), "{not}");
        }
    }
}

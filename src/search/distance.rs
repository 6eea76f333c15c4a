//! Edit distances for typo matching: optimal string alignment (a swap of
//! two neighbours is one edit), to a whole word or to its closest prefix,
//! and a letter [`signature`] that rules most words out before either.

/// A 64-bit set of the characters of a word (hashed). An edit adds at most
/// one character missing from the other word, so two words `d` edits apart
/// differ by at most `d` bits each way: a cheap filter before the real
/// distance.
pub(super) fn signature(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |sig, c| sig | 1 << (c as u32 % 64))
}

/// Optimal-string-alignment distance (adjacent transpositions count as
/// one edit), or `None` when it exceeds `max`.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let row = osa_last_row(a, b, max)?;
    Some(row[b.len()]).filter(|&d| d <= max)
}

/// The distance from `a` to the closest prefix of `b`: how many edits make
/// `a` a prefix of `b`.
pub fn prefix_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let row = osa_last_row(a, b, max)?;
    row.iter().copied().min().filter(|&d| d <= max)
}

/// The last row of the OSA matrix of `a` against `b`, or `None` as soon as
/// every cell of a row exceeds `max`.
fn osa_last_row(a: &[char], b: &[char], max: usize) -> Option<Vec<usize>> {
    let w = b.len() + 1;
    let mut prev2: Vec<usize> = vec![0; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur: Vec<usize> = vec![0; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distances_count_transpositions_once() {
        let d = |a: &str, b: &str| distance(&chars(a), &chars(b), 2);
        assert_eq!(d("gpipe", "gpipe"), Some(0));
        assert_eq!(d("gpiep", "gpipe"), Some(1));
        assert_eq!(d("netwrok", "network"), Some(1));
        assert_eq!(d("normalisaton", "normalization"), Some(2));
        assert_eq!(d("abc", "xyz"), None);
        let p = |a: &str, b: &str| prefix_distance(&chars(a), &chars(b), 1);
        assert_eq!(p("transfom", "transformer"), Some(1));
        assert_eq!(p("trans", "transformer"), Some(0));
        assert_eq!(p("xrans", "quantum"), None);
    }

    #[test]
    fn one_edit_changes_a_signature_by_one_bit_each_way() {
        let (a, b) = (signature("network".chars()), signature("netwrok".chars()));
        assert_eq!(a, b);
        let c = signature("networx".chars());
        assert!((a & !c).count_ones() <= 1 && (c & !a).count_ones() <= 1);
    }
}

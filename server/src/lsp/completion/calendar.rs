//! The calendar arithmetic completion needs: the year now in China and the
//! years a report may be written for.

use super::*;

/// The year now, in China Standard Time (UTC+8), where reports are written.
pub(super) fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    year_of_day(((secs + 8 * 3600) / 86_400) as i64)
}

/// The proleptic Gregorian year of a day counted from 1970-01-01
/// (H. Hinnant's `civil_from_days`).
pub(super) fn year_of_day(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(mp >= 10);
    year as i32
}

/// The years a report may be written for, the most likely first: reports
/// are written in January about the previous year.
pub(super) fn candidate_years(this_year: i32) -> Vec<i32> {
    let first = Edition::all()
        .map(|e| e.template().first_year)
        .min()
        .unwrap_or(2019);
    let default = (this_year - 1).max(first);
    std::iter::once(default)
        .chain(
            (first..=this_year.max(first))
                .rev()
                .filter(|&y| y != default),
        )
        .collect()
}

// ------------------------------------------------------------ skeleton -----

//! Ruby `Time` and `Date` values.

use chrono::{DateTime, Datelike, FixedOffset};
use std::cmp::Ordering;

/// Whether a date value is a Ruby `Time` (date, time and offset) or a `Date` (day only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// Ruby `Time`: prints as `2024-03-05 10:00:00 +0100`.
    Time,
    /// Ruby `Date` (YAML `2024-03-05`): prints as `2024-03-05`.
    Date,
}

/// A point in time with the UTC offset it was given in, as Ruby keeps it.
#[derive(Clone, Copy, Debug)]
pub struct DateValue {
    /// The instant and its offset.
    pub dt: DateTime<FixedOffset>,
    /// `Time` or `Date`.
    pub kind: DateKind,
    /// Ruby's UTC flag: a UTC `Time` prints its zone as `UTC`, not `+0000`.
    pub utc: bool,
}

impl DateValue {
    /// A Ruby `Time` at `dt`.
    pub fn time(dt: DateTime<FixedOffset>) -> Self {
        DateValue {
            dt,
            kind: DateKind::Time,
            utc: false,
        }
    }

    /// Ruby's class name.
    pub fn class_name(&self) -> &'static str {
        match self.kind {
            DateKind::Time => "Time",
            DateKind::Date => "Date",
        }
    }

    /// Ruby's `to_s`.
    pub fn to_ruby_string(&self) -> String {
        match self.kind {
            DateKind::Date => self.dt.format("%Y-%m-%d").to_string(),
            DateKind::Time if self.utc => self.dt.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            DateKind::Time => self.dt.format("%Y-%m-%d %H:%M:%S %z").to_string(),
        }
    }

    /// Ruby's `inspect` (Ruby 3.1 shows fractional seconds when present).
    pub fn inspect(&self) -> String {
        match self.kind {
            DateKind::Date => {
                // The Julian Day Number: day 1 of the common era is JD 1721426.
                let jd = i64::from(self.dt.date_naive().num_days_from_ce()) + 1_721_425;
                format!(
                    "#<Date: {} (({jd}j,0s,0n),+0s,2299161j)>",
                    self.dt.format("%Y-%m-%d")
                )
            }
            DateKind::Time => {
                let frac = self.dt.timestamp_subsec_nanos();
                if frac == 0 {
                    self.to_ruby_string()
                } else {
                    let mut digits = format!("{frac:09}");
                    while digits.ends_with('0') {
                        digits.pop();
                    }
                    let zone = if self.utc {
                        "UTC".to_string()
                    } else {
                        self.dt.format("%z").to_string()
                    };
                    format!(
                        "{}.{} {}",
                        self.dt.format("%Y-%m-%d %H:%M:%S"),
                        digits,
                        zone
                    )
                }
            }
        }
    }
}

impl PartialEq for DateValue {
    fn eq(&self, other: &Self) -> bool {
        self.dt == other.dt
    }
}
impl Eq for DateValue {}
impl PartialOrd for DateValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for DateValue {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dt.cmp(&other.dt)
    }
}

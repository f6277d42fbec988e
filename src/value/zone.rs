//! The local time zone. Jekyll sets `TZ` from the site's `timezone`, so every "local" time
//! (front matter dates without an offset, `site.time`, `date` on strings) is in that zone.
//! hyde keeps the zone in one place instead of mutating `TZ` and trusting chrono's cached
//! reading of it, so successive builds with different zones in one process stay right.

use chrono::{FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone};
use std::str::FromStr;
use std::sync::RwLock;

/// The zone local times are read and shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SiteZone {
    /// The process's zone (`TZ` or `/etc/localtime`), as Ruby uses when no `timezone` is set.
    #[default]
    System,
    /// A named IANA zone (`timezone: America/New_York`).
    Named(chrono_tz::Tz),
}

static ZONE: RwLock<SiteZone> = RwLock::new(SiteZone::System);

/// The current site zone.
pub fn site_zone() -> SiteZone {
    ZONE.read().map(|z| *z).unwrap_or_default()
}

/// Sets the site zone from a `timezone` setting (`None`: the system's). Returns false for a
/// name that is not an IANA zone (then the system zone is used).
pub fn set_site_zone(name: Option<&str>) -> bool {
    let (zone, ok) = match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => (SiteZone::System, true),
        Some(n) => match chrono_tz::Tz::from_str(n.trim_start_matches(':')) {
            Ok(tz) => (SiteZone::Named(tz), true),
            Err(_) => (SiteZone::System, false),
        },
    };
    if let Ok(mut z) = ZONE.write() {
        *z = zone;
    }
    ok
}

impl TimeZone for SiteZone {
    type Offset = FixedOffset;

    fn from_offset(_offset: &FixedOffset) -> Self {
        // Only used to rebuild a zone from a `DateTime`; hyde converts to fixed offsets at once.
        site_zone()
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        match self {
            SiteZone::System => chrono::Local.offset_from_local_date(local),
            SiteZone::Named(tz) => tz.offset_from_local_date(local).map(|o| o.fix()),
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        match self {
            SiteZone::System => chrono::Local.offset_from_local_datetime(local),
            SiteZone::Named(tz) => tz.offset_from_local_datetime(local).map(|o| o.fix()),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        match self {
            SiteZone::System => chrono::Local.offset_from_utc_date(utc),
            SiteZone::Named(tz) => tz.offset_from_utc_date(utc).fix(),
        }
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            SiteZone::System => chrono::Local.offset_from_utc_datetime(utc),
            SiteZone::Named(tz) => tz.offset_from_utc_datetime(utc).fix(),
        }
    }
}

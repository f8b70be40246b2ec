//! Admission limits: connection rate per source address, and session slots
//! (in total and per learner key).
//!
//! Pure bookkeeping with the clock passed in, so the rules are unit-tested
//! without a network.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// Above this many tracked addresses, buckets that have refilled are forgotten,
/// so a scan from many addresses cannot grow the table without end.
const MAX_TRACKED: usize = 4096;

/// A token bucket per source address: `burst` connections at once, refilled
/// at `per_minute`.
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: HashMap<IpAddr, (f64, Instant)>,
}

impl RateLimiter {
    /// A limiter allowing `burst` connections at once from one address, then
    /// `per_minute` more each minute.
    pub fn new(burst: u32, per_minute: u32) -> Self {
        Self {
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute) / 60.0,
            buckets: HashMap::new(),
        }
    }

    /// Whether a new connection from `ip` at `now` is allowed; takes a token if so.
    pub fn allow(&mut self, ip: IpAddr, now: Instant) -> bool {
        if self.buckets.len() >= MAX_TRACKED {
            let (burst, rate) = (self.burst, self.per_second);
            self.buckets.retain(|_, (tokens, last)| {
                *tokens + now.saturating_duration_since(*last).as_secs_f64() * rate < burst
            });
        }
        let (tokens, last) = self.buckets.entry(ip).or_insert((self.burst, now));
        let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Why a session slot was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The server holds its maximum number of sessions.
    Total(usize),
    /// This key already has its maximum number of sessions.
    PerKey(usize),
}

impl Full {
    /// The line shown to the learner who was turned away.
    pub fn explain(self) -> String {
        match self {
            Full::Total(n) => {
                format!("The class is full ({n} sessions). Please try again in a minute.")
            }
            Full::PerKey(n) => {
                format!("This key already has {n} open session(s). Close one, then connect again.")
            }
        }
    }
}

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    per_key: HashMap<String, usize>,
}

/// Counts live sessions; hands out a guard per session that gives its slot
/// back when dropped (however the session ends).
#[derive(Debug)]
pub struct SessionSlots {
    max_total: usize,
    max_per_key: usize,
    counts: Mutex<Counts>,
}

impl SessionSlots {
    /// Slots for `max_total` sessions, at most `max_per_key` for one key.
    pub fn new(max_total: usize, max_per_key: usize) -> Arc<Self> {
        Arc::new(Self {
            max_total,
            max_per_key,
            counts: Mutex::new(Counts::default()),
        })
    }

    /// Take a slot for the learner with key fingerprint `key`.
    pub fn try_acquire(self: &Arc<Self>, key: &str) -> Result<SlotGuard, Full> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.total >= self.max_total {
            return Err(Full::Total(self.max_total));
        }
        let mine = counts.per_key.get(key).copied().unwrap_or(0);
        if mine >= self.max_per_key {
            return Err(Full::PerKey(self.max_per_key));
        }
        counts.total += 1;
        counts.per_key.insert(key.to_owned(), mine + 1);
        Ok(SlotGuard {
            slots: Arc::clone(self),
            key: key.to_owned(),
        })
    }

    /// Sessions open now.
    pub fn active(&self) -> usize {
        self.counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .total
    }
}

/// One held session slot; dropping it frees the slot.
#[derive(Debug)]
pub struct SlotGuard {
    slots: Arc<SessionSlots>,
    key: String,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let mut counts = self
            .slots
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        counts.total = counts.total.saturating_sub(1);
        if let Some(n) = counts.per_key.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.per_key.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;
    use std::time::Duration;

    const A: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn burst_then_refusal_then_refill() {
        let mut limiter = RateLimiter::new(3, 60);
        let t0 = Instant::now();
        let first: Vec<bool> = (0..4).map(|_| limiter.allow(A, t0)).collect();
        assert_eq!(first, [true, true, true, false]);
        assert!(limiter.allow(B, t0), "another address has its own bucket");
        assert!(!limiter.allow(A, t0 + Duration::from_millis(500)));
        assert!(limiter.allow(A, t0 + Duration::from_millis(1600)));
    }

    #[test]
    fn refill_never_exceeds_the_burst() {
        let mut limiter = RateLimiter::new(2, 60);
        let t0 = Instant::now();
        let later = t0 + Duration::from_secs(3600);
        let allowed = (0..5).filter(|_| limiter.allow(A, later)).count();
        assert_eq!(allowed, 2);
    }

    #[test]
    fn table_of_addresses_stays_bounded() {
        let mut limiter = RateLimiter::new(1, 60);
        let t0 = Instant::now();
        for i in 0..(MAX_TRACKED as u32 * 2) {
            let ip = IpAddr::V4(Ipv4Addr::from(i));
            limiter.allow(ip, t0 + Duration::from_secs(u64::from(i)));
        }
        assert!(limiter.buckets.len() <= MAX_TRACKED + 1);
    }

    #[test]
    fn slots_limit_total_and_per_key_and_free_on_drop() {
        let slots = SessionSlots::new(3, 2);
        let a1 = slots.try_acquire("a");
        let a2 = slots.try_acquire("a");
        assert!(a1.is_ok() && a2.is_ok());
        assert_eq!(slots.try_acquire("a").err(), Some(Full::PerKey(2)));
        let b1 = slots.try_acquire("b");
        assert!(b1.is_ok());
        assert_eq!(slots.try_acquire("c").err(), Some(Full::Total(3)));
        assert_eq!(slots.active(), 3);
        drop(a1);
        assert_eq!(slots.active(), 2);
        assert!(slots.try_acquire("a").is_ok());
    }

    #[test]
    fn refusals_explain_themselves() {
        assert!(Full::Total(200).explain().contains("200 sessions"));
        assert!(Full::PerKey(3).explain().contains("3 open session"));
    }
}

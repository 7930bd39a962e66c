//! Analysis of the signed network over time: what changed between two
//! dates ([`shift`]) and where the tension lies at a date ([`balance`]).
//!
//! Pure, like the rest of the core: no egui, no clock, no file system; the
//! same dataset and dates give the same answer.

pub mod balance;
pub mod frustration;
pub mod shift;

pub use balance::{
    Balance, DEFAULT_THRESHOLD, Indices, THRESHOLDS, Triad, balance, balance_series, series_times,
    signed_balance,
};
pub use frustration::Frustration;
pub use shift::{Change, PairShift, Shift, shift, shift_between};

#[cfg(test)]
mod tests;

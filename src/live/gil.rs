//! The page's desk for the token that stands for CPython's GIL (or for the cores of a
//! free-threaded build).
//!
//! Web Workers are real OS threads and would all compute at once. To show what the GIL
//! does, `permits` tokens exist (one for the GIL, one per core for a free-threaded
//! build) and a worker computes only while its thread holds one. Threads that want a
//! token queue in FIFO order, here on the page; but the tokens themselves move between
//! workers directly ([`super::worker`]): the desk only decides who is next. When someone
//! waits and no token is free, the desk asks the longest-serving holder to hand its token
//! over at its next switch point (after its current 5 ms slice, CPython's switch
//! interval: the "drop request"), naming the next thread in line. The holder does so on
//! its own, over a `MessagePort`, and tells the page afterwards, so the page's thread,
//! busy drawing, is never on the path of a hand-off. That is what makes CPU-bound threads
//! take turns without waiting for the page.
//!
//! The page's own threads (`main`, and a pool thread taking work from the queue) only
//! ever need a token for an instant: they queue like the others, and the holder that
//! reaches its switch point when their turn comes lets them through ([`Order::Passed`])
//! without the token ever travelling to the page.
//!
//! Sleeping (`time.sleep`, I/O) never holds a token, as it releases the GIL in CPython.
//! The desk is plain data, tested natively.

use interleave_core::scenario::Micros;
use std::collections::VecDeque;

pub use super::worker::Tid;

/// A grant number: one holding of a token by one thread.
pub type Grant = u64;

/// Someone in line for a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Waiter {
    /// A worker, which will hold the token.
    Worker(Tid),
    /// A page-side instant, by its ticket, and the earliest instant it can go through
    /// (when the event that woke the page-side thread happened).
    Page(u64, Micros),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Plan {
    passes: Vec<(u64, Micros)>,
    to: Option<Tid>,
    new_grant: Grant,
}

#[derive(Clone, Debug)]
struct Holder {
    tid: Tid,
    grant: Grant,
    /// The hand-off asked of this holder, not yet reported done.
    plan: Option<Plan>,
}

/// What the desk asks the page to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Order {
    /// Send worker `tid` a token.
    Grant { tid: Tid, grant: Grant },
    /// Ask holder `tid` to hand its token over at its next switch point.
    HandOff {
        tid: Tid,
        grant: Grant,
        to: Option<Tid>,
        new_grant: Grant,
    },
    /// The page-side instant with this ticket went through at `at`.
    Passed { ticket: u64, at: Micros },
}

/// A report of a holder at a switch point that arrived before the desk knew its grant
/// (the token and the report travel on different channels).
#[derive(Clone, Copy, Debug)]
struct Early {
    grant: Grant,
    at: Micros,
    executed: bool,
    keep: bool,
}

pub struct Desk {
    permits: usize,
    holders: Vec<Holder>,
    queue: VecDeque<Waiter>,
    next_grant: Grant,
    next_ticket: u64,
    early: Vec<Early>,
    dead: Vec<Tid>,
    /// When a token was last given back (on the workers' clock).
    freed_at: Micros,
    orders: Vec<Order>,
}

impl Desk {
    pub fn new(permits: usize) -> Self {
        Desk {
            permits: permits.max(1),
            holders: Vec::new(),
            queue: VecDeque::new(),
            next_grant: 1,
            next_ticket: 1,
            early: Vec::new(),
            dead: Vec::new(),
            freed_at: 0,
            orders: Vec::new(),
        }
    }

    /// What the page must now do, in order.
    pub fn take_orders(&mut self) -> Vec<Order> {
        std::mem::take(&mut self.orders)
    }

    /// Worker `tid` asks for a token; returns whether it has to wait in line.
    pub fn want(&mut self, tid: Tid, now: Micros) -> bool {
        if self.dead.contains(&tid) {
            return false;
        }
        self.queue.push_back(Waiter::Worker(tid));
        self.dispatch(now);
        !self.holders.iter().any(|holder| holder.tid == tid)
    }

    /// A page-side thread needs a token for an instant, from `since` on (the instant of
    /// the event that woke it: the page may learn of it late, being busy drawing).
    /// Returns its ticket; the instant comes as [`Order::Passed`] (at once when a token is
    /// free: then it is `since`, or when the token was freed if that was later).
    pub fn pass(&mut self, since: Micros, now: Micros) -> u64 {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.queue.push_back(Waiter::Page(ticket, since.min(now)));
        self.dispatch(now);
        ticket
    }

    /// A holder reached a switch point (or gave its token up): see [`super::worker::Report::Gil`].
    pub fn report(&mut self, grant: Grant, at: Micros, executed: bool, keep: bool, now: Micros) {
        self.apply_report(Early {
            grant,
            at,
            executed,
            keep,
        });
        // Reports that came before the hand-off that made them possible.
        let mut progress = true;
        while progress && !self.early.is_empty() {
            progress = false;
            for early in std::mem::take(&mut self.early) {
                if self
                    .holders
                    .iter()
                    .any(|holder| holder.grant == early.grant)
                {
                    self.apply_report(early);
                    progress = true;
                } else {
                    self.early.push(early);
                }
            }
        }
        self.dispatch(now);
    }

    fn apply_report(&mut self, report: Early) {
        let Some(index) = self
            .holders
            .iter()
            .position(|holder| holder.grant == report.grant)
        else {
            let planned = self.holders.iter().any(|holder| {
                holder
                    .plan
                    .as_ref()
                    .is_some_and(|plan| plan.to.is_some() && plan.new_grant == report.grant)
            });
            if planned {
                self.early.push(report);
            }
            return;
        };
        if report.executed {
            let plan = self.holders[index].plan.take();
            let to = match plan {
                Some(plan) => {
                    for (ticket, _) in plan.passes {
                        self.orders.push(Order::Passed {
                            ticket,
                            at: report.at,
                        });
                    }
                    plan.to.map(|to| (to, plan.new_grant))
                }
                None => None,
            };
            match to {
                Some((to, grant)) if !self.dead.contains(&to) => {
                    self.holders[index] = Holder {
                        tid: to,
                        grant,
                        plan: None,
                    };
                }
                Some(_) => {
                    self.holders.remove(index);
                    self.freed_at = self.freed_at.max(report.at);
                }
                None if !report.keep => {
                    self.holders.remove(index);
                    self.freed_at = self.freed_at.max(report.at);
                }
                None => {}
            }
        } else {
            let holder = self.holders.remove(index);
            self.freed_at = self.freed_at.max(report.at);
            self.restore(holder.plan);
        }
    }

    /// A hand-off that did not happen: whoever it named goes back to the front of the line.
    fn restore(&mut self, plan: Option<Plan>) {
        let Some(plan) = plan else {
            return;
        };
        if let Some(to) = plan.to {
            self.queue.push_front(Waiter::Worker(to));
        }
        for &(ticket, since) in plan.passes.iter().rev() {
            self.queue.push_front(Waiter::Page(ticket, since));
        }
    }

    /// Worker `tid` is gone (it crashed): it neither holds nor waits any more.
    pub fn fault(&mut self, tid: Tid, now: Micros) {
        self.dead.push(tid);
        self.freed_at = self.freed_at.max(now);
        self.queue.retain(|waiter| *waiter != Waiter::Worker(tid));
        while let Some(index) = self.holders.iter().position(|holder| holder.tid == tid) {
            let holder = self.holders.remove(index);
            self.restore(holder.plan);
        }
        self.queue.retain(|waiter| *waiter != Waiter::Worker(tid));
        self.dispatch(now);
    }

    fn grant(&mut self) -> Grant {
        let grant = self.next_grant;
        self.next_grant += 1;
        grant
    }

    /// Hands free tokens to the first in line, then asks holders to make room for the rest.
    fn dispatch(&mut self, now: Micros) {
        while self.holders.len() < self.permits {
            let Some(waiter) = self.queue.pop_front() else {
                break;
            };
            match waiter {
                Waiter::Page(ticket, since) => self.orders.push(Order::Passed {
                    ticket,
                    at: since.max(self.freed_at).min(now),
                }),
                Waiter::Worker(tid) => {
                    let grant = self.grant();
                    self.holders.push(Holder {
                        tid,
                        grant,
                        plan: None,
                    });
                    self.orders.push(Order::Grant { tid, grant });
                }
            }
        }
        while !self.queue.is_empty() {
            // The holder that has held its token longest gives it up first.
            let Some(index) = self
                .holders
                .iter()
                .enumerate()
                .filter(|(_, holder)| holder.plan.is_none())
                .min_by_key(|(_, holder)| holder.grant)
                .map(|(index, _)| index)
            else {
                break;
            };
            let mut passes = Vec::new();
            let mut to = None;
            while let Some(waiter) = self.queue.pop_front() {
                match waiter {
                    Waiter::Page(ticket, since) => passes.push((ticket, since)),
                    Waiter::Worker(tid) => {
                        to = Some(tid);
                        break;
                    }
                }
            }
            let new_grant = if to.is_some() { self.grant() } else { 0 };
            let holder = &mut self.holders[index];
            self.orders.push(Order::HandOff {
                tid: holder.tid,
                grant: holder.grant,
                to,
                new_grant,
            });
            holder.plan = Some(Plan {
                passes,
                to,
                new_grant,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_thread_gets_the_token_straight_from_the_holder() {
        let mut desk = Desk::new(1);
        assert!(!desk.want(1, 0));
        assert_eq!(desk.take_orders(), vec![Order::Grant { tid: 1, grant: 1 }]);
        assert!(desk.want(2, 10));
        assert_eq!(
            desk.take_orders(),
            vec![Order::HandOff {
                tid: 1,
                grant: 1,
                to: Some(2),
                new_grant: 2
            }]
        );
        // Worker 1 handed over at its switch point and asks again.
        desk.report(1, 5_000, true, false, 5_100);
        assert!(desk.take_orders().is_empty());
        assert!(desk.want(1, 5_200));
        assert_eq!(
            desk.take_orders(),
            vec![Order::HandOff {
                tid: 2,
                grant: 2,
                to: Some(1),
                new_grant: 3
            }]
        );
    }

    #[test]
    fn a_report_that_overtakes_the_hand_off_is_kept_until_it_makes_sense() {
        let mut desk = Desk::new(1);
        desk.want(1, 0);
        desk.want(2, 0);
        desk.take_orders();
        // Worker 2 got grant 2 from worker 1 and released it before worker 1's report came.
        desk.report(2, 9_000, false, false, 9_000);
        desk.report(1, 5_000, true, false, 9_100);
        assert!(desk.holders.is_empty());
        assert!(!desk.want(1, 9_200), "the token was free again");
    }

    #[test]
    fn page_instants_pass_at_the_holders_switch_point_and_it_keeps_the_token() {
        let mut desk = Desk::new(1);
        let free = desk.pass(2, 3);
        assert_eq!(
            desk.take_orders(),
            vec![Order::Passed {
                ticket: free,
                at: 2
            }]
        );
        desk.want(1, 4);
        desk.take_orders();
        let ticket = desk.pass(10, 10);
        assert_eq!(
            desk.take_orders(),
            vec![Order::HandOff {
                tid: 1,
                grant: 1,
                to: None,
                new_grant: 0
            }]
        );
        desk.report(1, 5_000, true, true, 5_100);
        assert_eq!(
            desk.take_orders(),
            vec![Order::Passed { ticket, at: 5_000 }]
        );
        assert_eq!(desk.holders.len(), 1);
    }

    #[test]
    fn a_hand_off_that_crossed_a_release_is_undone() {
        let mut desk = Desk::new(1);
        desk.want(1, 0);
        desk.want(2, 1);
        desk.take_orders();
        // Worker 1 went to sleep before it read the hand-off.
        desk.report(1, 2, false, false, 3);
        assert_eq!(desk.take_orders(), vec![Order::Grant { tid: 2, grant: 3 }]);
    }

    #[test]
    fn free_threaded_permits_run_side_by_side_and_a_crash_frees_its_token() {
        let mut desk = Desk::new(2);
        assert!(!desk.want(1, 0));
        assert!(!desk.want(2, 0));
        assert!(desk.want(3, 0));
        desk.take_orders();
        desk.fault(1, 5);
        let orders = desk.take_orders();
        assert!(
            orders.contains(&Order::Grant { tid: 3, grant: 4 }),
            "{orders:?}"
        );
    }
}

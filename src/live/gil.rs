//! The token that stands for CPython's GIL (or for the cores of a free-threaded build).
//!
//! Web Workers are real OS threads and would all compute at once. To show what the GIL
//! does, the page hands out `permits` tokens (one for the GIL, one per core for a
//! free-threaded build) and a worker computes only while its thread holds one. Threads
//! that want a token queue in FIFO order. A thread computes in slices of the switch
//! interval (`sys.getswitchinterval()`, 5 ms) and, after each slice, gives its token to
//! the first thread in the queue, if any: that is CPython's "drop request" after 5 ms,
//! and it is what makes CPU-bound threads take turns.
//!
//! Sleeping (`time.sleep`, I/O) never holds a token, as it releases the GIL in CPython.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Who holds or wants a token: `0` is the main thread, `i + 1` the thread of task `i`
/// (or pool worker `i`).
pub type Tid = usize;

struct Waiting {
    tid: Tid,
    granted: Rc<Cell<bool>>,
    waker: Rc<RefCell<Option<Waker>>>,
}

pub struct Gil {
    permits: usize,
    holders: RefCell<Vec<Tid>>,
    queue: RefCell<VecDeque<Waiting>>,
}

impl Gil {
    pub fn new(permits: usize) -> Self {
        Gil {
            permits: permits.max(1),
            holders: RefCell::new(Vec::new()),
            queue: RefCell::new(VecDeque::new()),
        }
    }

    /// Whether some thread is queued for a token: the holder should give its up after
    /// the current slice.
    pub fn has_waiters(&self) -> bool {
        !self.queue.borrow().is_empty()
    }

    /// Takes a token, waiting in line if none is free. The returned future says whether
    /// the thread had to wait.
    pub fn acquire(&self, tid: Tid) -> Acquire {
        let granted = Rc::new(Cell::new(false));
        let waker = Rc::new(RefCell::new(None));
        let free = self.holders.borrow().len() < self.permits && self.queue.borrow().is_empty();
        if free {
            self.holders.borrow_mut().push(tid);
            granted.set(true);
            Acquire {
                granted,
                waker,
                waited: false,
            }
        } else {
            self.queue.borrow_mut().push_back(Waiting {
                tid,
                granted: granted.clone(),
                waker: waker.clone(),
            });
            Acquire {
                granted,
                waker,
                waited: true,
            }
        }
    }

    /// Gives a token back and hands free tokens to the threads first in line.
    pub fn release(&self, tid: Tid) {
        {
            let mut holders = self.holders.borrow_mut();
            if let Some(index) = holders.iter().position(|&holder| holder == tid) {
                holders.remove(index);
            }
        }
        loop {
            if self.holders.borrow().len() >= self.permits {
                break;
            }
            let Some(next) = self.queue.borrow_mut().pop_front() else {
                break;
            };
            self.holders.borrow_mut().push(next.tid);
            next.granted.set(true);
            let waker = next.waker.borrow_mut().take();
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }
}

/// Resolves once the thread holds a token; the output says whether it had to wait.
pub struct Acquire {
    granted: Rc<Cell<bool>>,
    waker: Rc<RefCell<Option<Waker>>>,
    waited: bool,
}

impl Acquire {
    /// Whether the thread had to queue (known as soon as it asked).
    pub fn must_wait(&self) -> bool {
        self.waited && !self.granted.get()
    }
}

impl Future for Acquire {
    type Output = bool;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        if self.granted.get() {
            Poll::Ready(self.waited)
        } else {
            *self.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[test]
    fn one_permit_serves_threads_in_arrival_order() {
        let gil = Gil::new(1);
        assert_eq!(gil.acquire(1).now_or_never(), Some(false));
        let mut second = Box::pin(gil.acquire(2));
        let mut third = Box::pin(gil.acquire(3));
        assert!(second.as_mut().now_or_never().is_none());
        assert!(gil.has_waiters());
        gil.release(1);
        assert_eq!(second.as_mut().now_or_never(), Some(true));
        assert!(third.as_mut().now_or_never().is_none());
        gil.release(2);
        assert_eq!(third.as_mut().now_or_never(), Some(true));
        assert!(!gil.has_waiters());
    }

    #[test]
    fn free_threaded_permits_run_side_by_side() {
        let gil = Gil::new(2);
        assert_eq!(gil.acquire(1).now_or_never(), Some(false));
        assert_eq!(gil.acquire(2).now_or_never(), Some(false));
        assert!(Box::pin(gil.acquire(3)).as_mut().now_or_never().is_none());
    }
}

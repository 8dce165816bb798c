//! "Something changed, look again": how the page's `main` waits for threads.
//!
//! `main` waits for conditions such as "thread B has ended" or "every worker has
//! exited". Rather than one channel per condition, every thread event calls
//! [`Notify::notify`] and `main` re-checks its condition ([`Notify::until`]). With at most
//! 64 threads that costs nothing and keeps each wait one line long.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
pub struct Notify {
    wakers: RefCell<Vec<Waker>>,
}

impl Notify {
    /// Wakes everyone waiting, so they check their conditions again.
    pub fn notify(&self) {
        for waker in self.wakers.take() {
            waker.wake();
        }
    }

    /// Resolves once `ready()` holds, checked now and after every notification.
    pub fn until<F: Fn() -> bool>(&self, ready: F) -> Until<'_, F> {
        Until {
            notify: self,
            ready,
        }
    }
}

pub struct Until<'a, F> {
    notify: &'a Notify,
    ready: F,
}

impl<F: Fn() -> bool> Future for Until<'_, F> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if (self.ready)() {
            Poll::Ready(())
        } else {
            self.notify.wakers.borrow_mut().push(cx.waker().clone());
            Poll::Pending
        }
    }
}

//! What a long operation hears from its caller and tells it: a cancellation token to stop at the
//! next step, and progress (a playlist read page by page, tracks added 50 at a time, radios
//! fanned out). MCP's tool context implements it; the service never knows who is watching.

use std::future::Future;

use tokio_util::sync::CancellationToken;

use super::ServiceError;

pub trait Work: Sync {
    /// Reports `done` of `total` (when known); the caller passes on only increasing values.
    fn progress(
        &self,
        done: u64,
        total: Option<u64>,
        message: &str,
    ) -> impl Future<Output = ()> + Send;

    /// Cancelled when the caller no longer wants the answer.
    fn cancellation(&self) -> &CancellationToken;

    /// `Err(Cancelled)` once the caller has given up: checked between steps.
    fn check(&self) -> Result<(), ServiceError> {
        if self.cancellation().is_cancelled() {
            return Err(ServiceError::Cancelled);
        }
        Ok(())
    }
}

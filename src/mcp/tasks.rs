//! Long tool calls as tasks: MCP's tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663).
//! When the client declares the extension, a call of a long tool (an import, a copy or merge, a
//! reorder or shuffle, a whole-playlist read: [`support`]) that has not answered within the
//! connection's `mcp.task_after_ms` becomes a task: the call answers at once with the task's id, the work
//! goes on, and the client polls `tasks/get` (its progress is the task's status message, its
//! result inlined once done), or stops it with `tasks/cancel` (the work stops at its next step,
//! as for `notifications/cancelled`, so a write is never cut in half). Without the extension,
//! or when the answer comes quickly, the call answers as always.
//!
//! Tasks live in the agent's memory, shared by its connections (a task id is a random UUID,
//! known only to the client that got it), at most [`MAX_RUNNING`] running at once and
//! [`MAX_KEPT`] made within two [`TTL`]s (past either a call answers in place), each kept
//! [`TTL`] from its start and a further [`TTL`] once done.
//! rmcp's `TaskManager` keeps their state; this module decides what becomes one.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rmcp::ErrorData as McpError;
use rmcp::RoleServer;
use rmcp::model::{
    CallToolResponse, CallToolResult, ClientCapabilities, CreateTaskResult, DetailedTask,
    InputRequest,
};
use rmcp::service::RequestContext;
use rmcp::task_manager::{TaskContext, TaskExit, TaskManager, TaskOptions};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// Tasks running at once, across the agent's connections.
pub const MAX_RUNNING: usize = 8;

/// Tasks made within one retention span (running, or done and kept with their answers: a
/// whole playlist of thousands of tracks is megabytes, as text and as structure): past it a
/// call answers in place, so memory stays bounded whatever a client asks.
pub const MAX_KEPT: usize = 32;

/// How long a task may run, and how long its answer is kept once done: an import of thousands
/// of tracks at the default write limit takes minutes, not half an hour.
pub const TTL: Duration = Duration::from_secs(30 * 60);

/// How often a client is asked to poll.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Whether a call may become a task, or must (a client without the extension is then refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Optional,
    Required,
}

/// The tools whose work can take long: whole playlists read, written or matched.
const LONG: &[&str] = &[
    "get_playlist",
    "export_playlist",
    "dedupe_playlist",
    "reorder_playlist",
    "copy_playlist",
    "import_tracks",
    "add_to_playlist",
    "add_album_to_playlist",
];

/// Whether `tool` may become a task; `None` for a tool that always answers in place.
pub fn support(tool: &str) -> Option<Support> {
    LONG.contains(&tool).then_some(Support::Optional)
}

/// What a call's work has of the task it may become: it tells it how far it has got (before
/// the call becomes a task, that is the task's first status message) and, as a task, may ask
/// the client for input (`inputRequests`, answered with `tasks/update`).
#[derive(Clone, Default)]
pub struct Link(Arc<LinkState>);

#[derive(Default)]
struct LinkState {
    slot: Mutex<Slot>,
    attached: Notify,
}

#[derive(Default)]
struct Slot {
    message: Option<String>,
    task: Option<TaskContext>,
}

impl Link {
    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.0.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How far the work has got, in words.
    pub fn status(&self, message: String) {
        let mut slot = self.slot();
        if let Some(task) = &slot.task {
            task.set_status_message(message.clone());
        }
        slot.message = Some(message);
    }

    /// Asks the client for input under `key` (unique within the task) and waits for the
    /// answer, once the call is a task: for work that must be one ([`Support::Required`]).
    pub async fn ask(
        &self,
        key: &str,
        request: InputRequest,
    ) -> Result<serde_json::Value, TaskExit> {
        loop {
            let attached = self.0.attached.notified();
            let task = self.slot().task.clone();
            if let Some(task) = task {
                return task.request_input(key, request).await;
            }
            attached.await;
        }
    }

    fn attach(&self, task: TaskContext) {
        let mut slot = self.slot();
        if let Some(m) = &slot.message {
            task.set_status_message(m.clone());
        }
        slot.task = Some(task);
        drop(slot);
        self.0.attached.notify_waiters();
    }
}

/// A call's answer, as the work gives it.
pub type Answer = Result<CallToolResult, McpError>;

/// The agent's tasks (cheap to clone: clones share them).
#[derive(Clone, Default)]
pub struct Tasks {
    manager: TaskManager,
    /// When each task of the last retention span was made.
    made: Arc<Mutex<VecDeque<Instant>>>,
}

impl Tasks {
    /// Runs one call's `work`, given the cancellation it is to heed and, when it may become a
    /// task, its [`Link`]: in place, or as a task when the client declared the extension and
    /// the work outlasts `after` (the connection's `mcp.task_after_ms`; zero: at once).
    pub async fn run<W, F>(
        &self,
        support: Support,
        after: Duration,
        context: &RequestContext<RoleServer>,
        work: W,
    ) -> Result<CallToolResponse, McpError>
    where
        W: FnOnce(CancellationToken, Option<Link>) -> F,
        F: Future<Output = Answer> + Send + 'static,
    {
        let declared = context
            .client_capabilities()
            .is_some_and(|c| c.supports_tasks());
        if !declared && support == Support::Required {
            return Err(McpError::missing_required_client_capability(
                ClientCapabilities::builder().enable_tasks().build(),
            ));
        }
        let in_place = !declared
            || support == Support::Optional && self.manager.running_task_count() >= MAX_RUNNING;
        if in_place {
            return work(context.ct.clone(), None).await.map(Into::into);
        }
        // The work runs on its own so that it can outlive this request; until it becomes a task
        // the request's cancellation is its own.
        let ct = CancellationToken::new();
        let link = Link::default();
        let mut job = tokio::spawn(work(ct.clone(), Some(link.clone())));
        if !after.is_zero()
            && let Some(answer) = wait(&mut job, &ct, &context.ct, Some(after)).await
        {
            return answer.map(Into::into);
        }
        // A call that must be a task (it asks the client for input) is one whatever the count.
        if !self.admit()
            && support == Support::Optional
            && let Some(answer) = wait(&mut job, &ct, &context.ct, None).await
        {
            return answer.map(Into::into);
        }
        let options = TaskOptions::new()
            .with_ttl_ms(TTL.as_millis() as u64)
            .with_poll_interval_ms(POLL_INTERVAL.as_millis() as u64);
        let task = self.manager.spawn(options, move |task| {
            link.attach(task.clone());
            Box::pin(async move {
                let done = tokio::select! {
                    done = &mut job => done,
                    _ = task.cancelled() => {
                        ct.cancel();
                        job.await
                    }
                };
                match joined(done) {
                    // The work stopped at a step because it was asked to.
                    Ok(r) if ct.is_cancelled() && r.is_error == Some(true) => {
                        Err(TaskExit::Cancelled)
                    }
                    Ok(r) => Ok(r),
                    Err(e) => Err(TaskExit::Error(e)),
                }
            })
        });
        Ok(CreateTaskResult::new(task).into())
    }

    /// Whether one more task may be made now (see [`MAX_KEPT`]); counts it when it may.
    fn admit(&self) -> bool {
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        // A task is gone at the latest two spans after it was made.
        while made.front().is_some_and(|t| t.elapsed() > 2 * TTL) {
            made.pop_front();
        }
        if made.len() >= MAX_KEPT {
            return false;
        }
        made.push_back(Instant::now());
        true
    }

    /// `tasks/get`: the task as it stands (-32602 for an id the agent does not know).
    pub fn get(&self, task_id: &str) -> Result<DetailedTask, McpError> {
        self.manager.get_task(task_id)
    }

    /// `tasks/cancel`: asks the work to stop; idempotent once the task is done.
    pub fn cancel(&self, task_id: &str) -> Result<(), McpError> {
        self.manager.cancel_task(task_id)
    }

    /// `tasks/update`: answers to what a task asked the client for.
    pub fn update(
        &self,
        task_id: &str,
        responses: impl IntoIterator<Item = (String, serde_json::Value)>,
    ) -> Result<(), McpError> {
        self.manager.update_task(task_id, responses)
    }

    /// Tasks not yet done (an agent with running tasks is not idle).
    pub fn running(&self) -> usize {
        self.manager.running_task_count()
    }
}

/// Waits for the work's answer, at most `limit` (`None`: as long as it takes), heeding the
/// request's cancellation (passed on to the work's `ct`); `None` when the limit came first.
async fn wait(
    job: &mut tokio::task::JoinHandle<Answer>,
    ct: &CancellationToken,
    request: &CancellationToken,
    limit: Option<Duration>,
) -> Option<Answer> {
    let limit = async {
        match limit {
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        biased;
        done = &mut *job => Some(joined(done)),
        _ = request.cancelled() => {
            ct.cancel();
            Some(joined((&mut *job).await))
        }
        _ = limit => None,
    }
}

/// The answer of a spawned piece of work; a panic is an internal error, never a lost task.
fn joined(done: Result<Answer, tokio::task::JoinError>) -> Answer {
    done.unwrap_or_else(|e| {
        Err(McpError::internal_error(
            format!("the call stopped unexpectedly: {e}"),
            None,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_more_tasks_are_made_than_can_be_kept() {
        let tasks = Tasks::default();
        for n in 0..MAX_KEPT {
            assert!(tasks.admit(), "task {n}");
        }
        assert!(!tasks.admit(), "one past the bound answers in place");
    }

    #[test]
    fn only_the_long_tools_may_become_tasks() {
        assert_eq!(support("copy_playlist"), Some(Support::Optional));
        assert_eq!(support("get_track"), None);
        for tool in LONG {
            assert!(
                crate::mcp::tool_names().iter().any(|t| t == tool),
                "{tool} is no tool"
            );
        }
    }
}

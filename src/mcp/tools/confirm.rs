//! Confirmation of a destructive action (issue 23: a deletion, a playlist cleared, a removal of
//! [`BULK`] items or more): the user is asked through elicitation when
//! the client declares it (what will go, with the choice to cancel); a client without
//! elicitation must pass `confirm: true`, which the model sets only after asking the user
//! itself. Where the client can ask, `confirm` is not enough: the user answers. Every answer
//! is audited.
//!
//! In the handshake era the server asks in the middle of the call (`elicitation/create`). The
//! 2026-07-28 era has no server-to-client requests: the call is answered with the question
//! (an input-required result, SEP-2322) and asked again by the client with the user's answer;
//! the question travels sealed in `requestState`, so an answer counts only for the very
//! question it answers (same tool, same target, within ten minutes).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rmcp::model::{
    ElicitRequest, ElicitRequestParams, InputRequest, InputRequests, InputRequiredResult,
    InputResponses, RequestStateCodec, SealOptions,
};
use rmcp::service::{ElicitationError, ElicitationMode};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, ToolError};
use crate::failure::Failure;

/// A removal of this many items or more at once is confirmed like a deletion; fewer is the
/// everyday editing a confirmation would only slow down.
pub const BULK: usize = 10;

/// How long a question asked through `requestState` may wait for its answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(10 * 60);

/// The key of the one input a confirmation asks for.
const KEY: &str = "confirm";

/// A call in the 2026-07-28 era from a client that can show a form: the answers it brings,
/// and where the question it must bring back is left for `mcp::server` to answer with.
#[derive(Clone)]
pub struct Asking {
    pub responses: Option<InputResponses>,
    pub state: Option<String>,
    pub sealer: Arc<RequestStateCodec>,
    pub asked: Arc<Mutex<Option<InputRequiredResult>>>,
}

impl Asking {
    /// The user's answer to this very question, when the call brings one.
    fn answer(&self, tool: &str, what: &str) -> Option<&'static str> {
        let asked: Value = self.sealer.open_json(self.state.as_deref()?).ok()?;
        if asked != json!({"tool": tool, "what": what}) {
            return None;
        }
        let answer = self.responses.as_ref()?.get(KEY)?;
        match answer.get("action")?.as_str()? {
            "accept" if answer.pointer("/content/confirm") == Some(&Value::Bool(true)) => {
                Some("accepted")
            }
            "accept" | "decline" => Some("declined"),
            "cancel" => Some("cancelled"),
            _ => None,
        }
    }

    /// Leaves the question for the call's answer.
    fn ask(&self, tool: &str, what: &str) {
        let schema = json!({
            "type": "object",
            "properties": {"confirm": {"type": "boolean", "description": "Yes: go ahead."}},
            "required": ["confirm"],
        });
        let form = ElicitRequestParams::FormElicitationParams {
            meta: None,
            message: format!("{what} Go ahead?"),
            requested_schema: serde_json::from_value(schema).expect("a valid form"),
        };
        let mut requests = InputRequests::new();
        requests.insert(
            KEY.into(),
            InputRequest::Elicitation(ElicitRequest::new(form)),
        );
        let sealed = self.sealer.seal_json_with(
            &json!({"tool": tool, "what": what}),
            &SealOptions::new().ttl(ANSWER_WITHIN),
        );
        let question = InputRequiredResult::new(Some(requests), sealed.ok());
        *self.asked.lock().unwrap_or_else(|p| p.into_inner()) = Some(question);
    }
}

/// What the user is asked.
#[derive(Deserialize, JsonSchema)]
pub struct Confirmation {
    /// Yes: go ahead.
    pub confirm: bool,
}

rmcp::elicit_safe!(Confirmation);

/// `Ok` when the user (or, without elicitation, the `confirm` argument) says to go ahead with
/// `what`; the refusal otherwise, as a cancelled tool call that changed nothing.
pub async fn confirm(
    ctx: &Ctx,
    tool: &str,
    what: &str,
    given: Option<bool>,
) -> Result<(), ToolError> {
    let asker = ctx.peer.as_ref().filter(|p| {
        p.supported_elicitation_modes()
            .contains(&ElicitationMode::Form)
    });
    let outcome = match (asker, &ctx.asking) {
        (Some(peer), _) => match peer
            .elicit::<Confirmation>(format!("{what} Go ahead?"))
            .await
        {
            Ok(Some(Confirmation { confirm: true })) => "accepted",
            Ok(_) | Err(ElicitationError::UserDeclined) => "declined",
            Err(ElicitationError::UserCancelled) => "cancelled",
            Err(e) => {
                return Err(ToolError {
                    kind: Failure::Failed,
                    message: format!("could not ask the user to confirm: {e}"),
                    hint: Some("nothing was changed; ask the user, then call again".into()),
                });
            }
        },
        (None, Some(asking)) => match asking.answer(tool, what) {
            Some(outcome) => outcome,
            None => {
                asking.ask(tool, what);
                return Err(ToolError {
                    kind: Failure::Cancelled,
                    message: format!("waiting for the user's answer: {what}"),
                    hint: None,
                });
            }
        },
        (None, None) if given == Some(true) => "confirmed by argument",
        (None, None) => {
            return Err(ToolError {
                kind: Failure::InvalidArguments,
                message: format!("{tool} needs confirm=true: {what}"),
                hint: Some(
                    "this client cannot ask the user, so ask them yourself and call again with \
                     confirm=true only if they agree"
                        .into(),
                ),
            });
        }
    };
    ctx.svc
        .audit_record("CONFIRMATION", tool, json!({"outcome": outcome}));
    match outcome {
        "accepted" | "confirmed by argument" => Ok(()),
        refused => Err(ToolError {
            kind: Failure::Cancelled,
            message: format!("not done: the user {refused} ({what})"),
            hint: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(state: Option<String>, action: &str, confirm: bool) -> Asking {
        let mut responses = InputResponses::new();
        responses.insert(
            KEY.into(),
            json!({"action": action, "content": {"confirm": confirm}}),
        );
        Asking {
            responses: Some(responses),
            state,
            sealer: Arc::new(RequestStateCodec::try_new(vec![7u8; 32]).unwrap()),
            asked: Arc::default(),
        }
    }

    /// The question a first round leaves, sealed.
    fn question(tool: &str, what: &str) -> String {
        let a = asking(None, "accept", true);
        a.ask(tool, what);
        let asked = a.asked.lock().unwrap().take().unwrap();
        assert!(asked.input_requests.unwrap().contains_key(KEY));
        asked.request_state.unwrap()
    }

    #[test]
    fn an_answer_counts_only_for_the_question_it_answers() {
        let state = question("delete_playlist", "Delete “A”?");
        let yes = asking(Some(state.clone()), "accept", true);
        assert_eq!(
            yes.answer("delete_playlist", "Delete “A”?"),
            Some("accepted")
        );
        // Another target, another tool, no question, a question forged or of another agent.
        assert_eq!(yes.answer("delete_playlist", "Delete “B”?"), None);
        assert_eq!(yes.answer("clear_playlist", "Delete “A”?"), None);
        assert_eq!(
            asking(None, "accept", true).answer("delete_playlist", "Delete “A”?"),
            None
        );
        let forged = asking(Some(format!("{state}x")), "accept", true);
        assert_eq!(forged.answer("delete_playlist", "Delete “A”?"), None);
        let mut other = asking(Some(state.clone()), "accept", true);
        other.sealer = Arc::new(RequestStateCodec::try_new(vec![8u8; 32]).unwrap());
        assert_eq!(other.answer("delete_playlist", "Delete “A”?"), None);
        // What the user said.
        let said = |action, confirm| asking(Some(state.clone()), action, confirm);
        assert_eq!(
            said("accept", false).answer("delete_playlist", "Delete “A”?"),
            Some("declined")
        );
        assert_eq!(
            said("decline", false).answer("delete_playlist", "Delete “A”?"),
            Some("declined")
        );
        assert_eq!(
            said("cancel", false).answer("delete_playlist", "Delete “A”?"),
            Some("cancelled")
        );
    }
}

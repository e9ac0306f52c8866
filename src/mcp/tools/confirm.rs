//! Confirmation of a destructive action (issue 23): the user is asked through elicitation when
//! the client declares it (what will go, with the choice to cancel); a client without
//! elicitation must pass `confirm: true`, which the model sets only after asking the user
//! itself. Where the client can ask, `confirm` is not enough: the user answers. Every answer
//! is audited.

use rmcp::service::{ElicitationError, ElicitationMode};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{Ctx, ToolError};
use crate::failure::Failure;

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
    let outcome = match asker {
        Some(peer) => match peer
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
        None if given == Some(true) => "confirmed by argument",
        None => {
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

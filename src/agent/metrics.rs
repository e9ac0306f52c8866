//! The metrics export: the service's counters with the agent's own gauges (clients, running
//! tasks, store size, process), as Prometheus text or JSON.

use super::protocol::{MetricsFormat, MetricsText, WireError};
use super::state::AgentState;
use crate::service::metrics::process_metrics;

pub fn export(state: &AgentState, format: MetricsFormat) -> anyhow::Result<MetricsText> {
    let m = state.service.metrics();
    let c = state.service.cache_stats();
    for (layer, n) in [("l1", c.hits_l1), ("l2", c.hits_l2)] {
        m.set_counter(
            "tidal_mcp_cache_hits_total",
            "Cache hits since the agent started, by layer.",
            vec![("layer", layer.into())],
            n as f64,
        );
    }
    m.set_counter(
        "tidal_mcp_cache_misses_total",
        "Cache misses since the agent started.",
        vec![],
        c.misses as f64,
    );
    m.set_counter(
        "tidal_mcp_rate_limit_rejections_total",
        "Calls refused by a rate limit since the agent started.",
        vec![],
        state.service.limit_stats().rejected as f64,
    );
    m.set(
        "tidal_mcp_connected_clients",
        "Clients connected to the agent.",
        vec![],
        state.client_count() as f64,
    );
    m.set(
        "tidal_mcp_running_tasks",
        "Long tool calls running as MCP tasks.",
        vec![],
        state.tasks.running() as f64,
    );
    m.set(
        "tidal_mcp_store_size_bytes",
        "Size of the store on disk.",
        vec![],
        state.store.size_on_disk() as f64,
    );
    let settings = &state.config.settings.metrics;
    let process = if settings.system_metrics {
        process_metrics().to_vec()
    } else {
        Vec::new()
    };
    match format {
        MetricsFormat::Json => {
            let mut v = m.json();
            for (name, _, _, val) in process {
                v[name] = serde_json::json!(val);
            }
            Ok(MetricsText {
                text: serde_json::to_string_pretty(&v)?,
            })
        }
        MetricsFormat::Prometheus if !settings.prometheus => Err(WireError::usage(
            "Prometheus export is switched off (metrics.prometheus = false); use --format json",
        )
        .into()),
        MetricsFormat::Prometheus => Ok(MetricsText {
            text: m.prometheus(&process),
        }),
    }
}

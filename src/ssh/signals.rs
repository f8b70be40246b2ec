//! Signals, handled as sshd handles them: SIGHUP reloads the roster and the
//! lessons for new logins without dropping anyone; SIGINT and SIGTERM stop
//! the server after every session has said goodbye.

use tracing::{error, info};

use super::{Reloader, SessionFactory};

/// SIGHUP, caught: once installed, a hangup no longer ends the process.
pub struct Hangups {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Hangups {
    /// Catch SIGHUP from now on. Needs a running tokio runtime.
    pub fn install() -> anyhow::Result<Hangups> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signal = signal(SignalKind::hangup())
                .map_err(|e| anyhow::anyhow!("cannot catch SIGHUP: {e}"))?;
            Ok(Hangups { signal })
        }
        #[cfg(not(unix))]
        {
            Ok(Hangups {})
        }
    }

    /// The next hangup (never, where there are none).
    async fn next(&mut self) -> Option<()> {
        #[cfg(unix)]
        {
            self.signal.recv().await
        }
        #[cfg(not(unix))]
        {
            std::future::pending().await
        }
    }
}

/// On each SIGHUP: read the roster again and build later sessions with a
/// new factory. A roster or lessons with errors are reported and the old
/// ones kept, so a typo never locks the class out.
pub async fn reload_on_hangup<F>(mut hangups: Hangups, reloader: Reloader, make_factory: F)
where
    F: Fn() -> anyhow::Result<SessionFactory>,
{
    while hangups.next().await.is_some() {
        info!("SIGHUP: reloading the roster and lessons");
        match reloader.reload_roster() {
            Ok(keys) => info!(keys, "roster reloaded"),
            Err(e) => error!(error = %format!("{e:#}"), "roster not reloaded; keeping the old one"),
        }
        match make_factory() {
            Ok(factory) => {
                reloader.set_factory(factory);
                info!("lessons reloaded");
            }
            Err(e) => {
                error!(error = %format!("{e:#}"), "lessons not reloaded; keeping the old ones")
            }
        }
    }
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
